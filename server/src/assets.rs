//! The built site's bundle (`pkg/`: the WASM, its chunks, the JS glue and
//! the CSS), compressed once after the build and sent as it is.
//!
//! On-the-fly compression has to choose a fast, weak level on every
//! request, for every visitor, for the largest thing the portal sends.
//! Instead `server assets compress` (run by `make` after each build) writes
//! `NAME.br` (brotli) and `NAME.gz` (gzip) beside each file, and `/pkg` is
//! served by a file service that picks the one the browser accepts. A file
//! without its compressed copies is still served, compressed on the fly by
//! the outer layer as before.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, header};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

/// What is worth compressing: text and WASM. Images and fonts are already
/// compressed.
const COMPRESSED_KINDS: &[&str] = &["wasm", "js", "css", "json", "html", "svg", "txt"];

/// The best brotli quality: what a release build ships.
pub const BEST_QUALITY: u32 = 11;

/// What one run of [`compress`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Compressed {
    /// Files whose copies were (re)written.
    pub written: usize,
    /// Files whose copies were already newer than them.
    pub up_to_date: usize,
    /// Bytes of the originals written, and of their brotli copies.
    pub bytes: u64,
    pub brotli_bytes: u64,
}

/// Writes `NAME.br` and `NAME.gz` beside every file under `pkg_dir` worth
/// compressing, unless both are newer than the file. `quality` is brotli's
/// (0–11); gzip always uses its best level.
pub fn compress(pkg_dir: &Path, quality: u32) -> io::Result<Compressed> {
    let mut done = Compressed::default();
    for path in files_to_compress(pkg_dir)? {
        let (br, gz) = (with_suffix(&path, "br"), with_suffix(&path, "gz"));
        let changed = std::fs::metadata(&path)?.modified()?;
        let fresh = |copy: &Path| std::fs::metadata(copy).and_then(|m| m.modified()).is_ok_and(|at| at >= changed);
        if fresh(&br) && fresh(&gz) {
            done.up_to_date += 1;
            continue;
        }
        done.bytes += std::fs::metadata(&path)?.len();
        {
            let mut out = brotli::CompressorWriter::new(BufWriter::new(File::create(&br)?), 1 << 16, quality.min(11), 22);
            io::copy(&mut BufReader::new(File::open(&path)?), &mut out)?;
            out.flush()?;
        }
        done.brotli_bytes += std::fs::metadata(&br)?.len();
        let mut out = flate2::write::GzEncoder::new(BufWriter::new(File::create(&gz)?), flate2::Compression::best());
        io::copy(&mut BufReader::new(File::open(&path)?), &mut out)?;
        out.finish()?.flush()?;
        done.written += 1;
    }
    Ok(done)
}

/// `/pkg`, served from `site_root/pkg` with the compressed copies the
/// browser accepts. Copies older than their file (a build since the last
/// `assets compress`) are removed first, so a stale copy is never sent; with
/// `precompressed` off (`cargo leptos watch`, which rebuilds under a running
/// server) none is used.
pub fn service(site_root: &Path, precompressed: bool) -> SetResponseHeader<ServeDir, HeaderValue> {
    // The answer depends on Accept-Encoding: caches must keep one per value.
    let vary = |dir| SetResponseHeader::if_not_present(dir, header::VARY, HeaderValue::from_static("accept-encoding"));
    let pkg = site_root.join("pkg");
    let dir = ServeDir::new(&pkg);
    if !precompressed {
        return vary(dir);
    }
    match remove_stale_copies(&pkg) {
        Ok(0) => {}
        Ok(n) => tracing::warn!(removed = n, "stale compressed copies under pkg/: run `server assets compress` after a build"),
        Err(e) => tracing::warn!(error = %e, "pkg/ could not be checked for stale compressed copies"),
    }
    vary(dir.precompressed_br().precompressed_gzip())
}

/// Removes each `NAME.br` / `NAME.gz` older than `NAME` (or without it).
fn remove_stale_copies(pkg_dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for path in files_to_compress(pkg_dir)? {
        let changed = std::fs::metadata(&path)?.modified()?;
        for copy in [with_suffix(&path, "br"), with_suffix(&path, "gz")] {
            let stale = std::fs::metadata(&copy).and_then(|m| m.modified()).is_ok_and(|at| at < changed);
            if stale {
                std::fs::remove_file(&copy)?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn files_to_compress(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(files_to_compress(&path)?);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSED_KINDS.contains(&e)) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_written_once_and_again_after_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let wasm = dir.path().join("cars.wasm");
        std::fs::write(&wasm, b"\0asm".repeat(4096)).unwrap();
        std::fs::write(dir.path().join("logo.png"), b"png").unwrap();
        let first = compress(dir.path(), 5).unwrap();
        assert_eq!((first.written, first.up_to_date), (1, 0));
        assert!(first.brotli_bytes < first.bytes / 10, "{first:?}");
        assert!(!dir.path().join("logo.png.br").exists(), "images are not compressed again");

        // Both copies decompress to the original.
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut File::open(dir.path().join("cars.wasm.br")).unwrap(), &mut plain).unwrap();
        assert_eq!(plain, std::fs::read(&wasm).unwrap());
        let mut plain = Vec::new();
        io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(File::open(dir.path().join("cars.wasm.gz")).unwrap()),
            &mut plain,
        )
        .unwrap();
        assert_eq!(plain, std::fs::read(&wasm).unwrap());

        assert_eq!(compress(dir.path(), 5).unwrap().up_to_date, 1, "nothing changed");
        // A rebuilt file is newer than its copies: a server starting now
        // drops them, and the next run writes them again.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        File::options().write(true).open(&wasm).unwrap().set_modified(later).unwrap();
        assert_eq!(remove_stale_copies(dir.path()).unwrap(), 2);
        assert!(!dir.path().join("cars.wasm.br").exists());
        assert_eq!(compress(dir.path(), 5).unwrap().written, 1);
        assert!(dir.path().join("cars.wasm.br").exists());
    }
}
