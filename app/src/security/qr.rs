//! QR codes as inline SVG (server only), for enrolling an authenticator app.
//!
//! The code is drawn on the server and sent inside the page: the TOTP secret
//! it carries never goes to a third-party QR service, no image request or
//! `data:` URL is needed, and the WASM bundle does not grow by a QR encoder.
//! The SVG has no width or height so the stylesheet sizes it (`.qr-code`),
//! and `crispEdges` keeps module edges sharp at any scale.

use std::fmt::Write as _;

use qrcodegen::{QrCode, QrCodeEcc};

/// White modules around the symbol; ISO/IEC 18004 asks for four, and
/// phone cameras struggle to find codes printed tighter than that.
const QUIET_ZONE: i32 = 4;

/// An SVG drawing of `data` as a QR code (error correction Medium, which
/// survives a smudged or glare-washed screen), labelled `label` for screen
/// readers.
///
/// If `data` is too long for any QR code (about 2.3 kB at Medium, far more
/// than an `otpauth://` URI), the result is a blank, still-labelled square
/// rather than a panic; pages that show a QR code also show the key as text.
pub fn svg(data: &str, label: &str) -> String {
    match QrCode::encode_text(data, QrCodeEcc::Medium) {
        Ok(qr) => render(&qr, label),
        Err(_) => frame(1, label, ""),
    }
}

/// All dark modules as one path: a rectangle per horizontal run of dark
/// modules, which keeps the markup a fraction of one-rect-per-module.
fn render(qr: &QrCode, label: &str) -> String {
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !qr.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && qr.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            // Writing to a String cannot fail.
            let _ = write!(path, "M{},{}h{run}v1h-{run}z", start + QUIET_ZONE, y + QUIET_ZONE);
        }
    }
    frame(size + 2 * QUIET_ZONE, label, &path)
}

fn frame(side: i32, label: &str, path: &str) -> String {
    let label = xml_escape(label);
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" role="img" aria-label="{label}" class="qr-code" shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/>"##
    );
    if !path.is_empty() {
        let _ = write!(out, r##"<path fill="#000" d="{path}"/>"##);
    }
    out.push_str("</svg>");
    out
}

/// Escapes text for an XML attribute value (double-quoted) or text node.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const URI: &str = "otpauth://totp/Michigan%20SOS%20CARS%20e-Services:pat%40example.com\
                       ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Michigan%20SOS%20CARS%20e-Services\
                       &algorithm=SHA1&digits=6&period=30";

    /// The `d` attribute of the one path.
    fn path_data(svg: &str) -> &str {
        let start = svg.find(" d=\"").expect("a path") + 4;
        let len = svg[start..].find('"').expect("closing quote");
        &svg[start..start + len]
    }

    /// Every dark module the path covers, from its `M x,y h n v1 h-n z` runs.
    fn painted(d: &str) -> Vec<(i32, i32)> {
        let mut cells = Vec::new();
        for segment in d.split('M').filter(|s| !s.is_empty()) {
            let (xy, rest) = segment.split_once('h').expect("h after M");
            let (x, y) = xy.split_once(',').expect("x,y");
            let (x, y): (i32, i32) = (x.parse().expect("x"), y.parse().expect("y"));
            let (run, tail) = rest.split_once("v1h-").expect("v1h-");
            let run: i32 = run.parse().expect("run");
            assert_eq!(tail, format!("{run}z"), "closed rectangle");
            cells.extend((0..run).map(|i| (x + i, y)));
        }
        cells
    }

    #[test]
    fn output_is_one_labelled_svg() {
        let svg = svg(URI, "QR code for your authenticator app");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img" aria-label="QR code for your authenticator app""#));
        assert!(svg.contains(r#"class="qr-code""#));
        assert_eq!(svg.matches("<path").count(), 1);
        assert_eq!(svg.matches("<svg").count(), 1);
        // No width/height on the <svg> element itself: CSS sizes it.
        let open_tag = &svg[..svg.find('>').expect("tag end")];
        assert!(!open_tag.contains("width=") && !open_tag.contains("height="), "{open_tag}");
    }

    #[test]
    fn the_path_paints_exactly_the_dark_modules() {
        let qr = QrCode::encode_text(URI, QrCodeEcc::Medium).expect("fits");
        let svg = svg(URI, "x");
        let side = qr.size() + 2 * QUIET_ZONE;
        assert!(svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")));

        let mut expected = Vec::new();
        for y in 0..qr.size() {
            for x in 0..qr.size() {
                if qr.get_module(x, y) {
                    expected.push((x + QUIET_ZONE, y + QUIET_ZONE));
                }
            }
        }
        let mut cells = painted(path_data(&svg));
        assert_eq!(cells.len(), expected.len(), "one painted cell per dark module");
        cells.sort_by_key(|&(x, y)| (y, x));
        assert_eq!(cells, expected);
        // Runs are merged, so there are fewer rectangles than modules.
        assert!(path_data(&svg).matches('M').count() < expected.len());
        // Everything dark lies inside the quiet zone.
        assert!(
            cells
                .iter()
                .all(|&(x, y)| (QUIET_ZONE..side - QUIET_ZONE).contains(&x) && (QUIET_ZONE..side - QUIET_ZONE).contains(&y))
        );
    }

    #[test]
    fn the_label_is_escaped() {
        let svg = svg("hello", r#"a<b & "c" 'd'>"#);
        assert!(svg.contains(r#"aria-label="a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;""#), "{svg}");
        assert!(!svg.contains("a<b"));
    }

    #[test]
    fn data_too_long_gives_a_blank_labelled_square() {
        let svg = svg(&"x".repeat(5000), "QR");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"aria-label="QR""#));
        assert!(!svg.contains("<path"));
    }
}
