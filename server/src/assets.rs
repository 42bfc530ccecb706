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
//!
//! Pages name the bundle under its build id (`/pkg/{id}/cars.wasm`, see
//! [`BuildId`]), and those addresses are cached for a year without asking
//! again: a new build has a new id, so a browser never keeps an old file
//! under a new page, and a repeat visit downloads no WASM at all.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderValue, Response, header};
use sha2::{Digest, Sha256};
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
        if is_fresh(&br, changed) && is_fresh(&gz, changed) {
            done.up_to_date += 1;
            continue;
        }
        done.bytes += std::fs::metadata(&path)?.len();
        let params = brotli::enc::BrotliEncoderParams { quality: quality.min(11) as i32, lgwin: 22, ..Default::default() };
        write_copy(&path, &br, |plain, out| brotli::BrotliCompress(plain, out, &params).map(|_| ()))?;
        done.brotli_bytes += std::fs::metadata(&br)?.len();
        write_copy(&path, &gz, |plain, out| {
            let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::best());
            io::copy(plain, &mut encoder)?;
            encoder.finish().map(|_| ())
        })?;
        done.written += 1;
    }
    Ok(done)
}

/// Writes `copy` of `path` through `encode`: to a `.partial` file first,
/// renamed into place only once the whole stream is on disk, so an
/// interrupted or failed run never leaves a cut-off copy that looks fresh.
fn write_copy(
    path: &Path,
    copy: &Path,
    encode: impl FnOnce(&mut BufReader<File>, &mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let partial = with_suffix(copy, "partial");
    let written = (|| {
        let mut out = BufWriter::new(File::create(&partial)?);
        encode(&mut BufReader::new(File::open(path)?), &mut out)?;
        out.into_inner().map_err(io::IntoInnerError::into_error)?.sync_all()?;
        std::fs::rename(&partial, copy)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// A copy written after its file last changed.
fn is_fresh(copy: &Path, changed: std::time::SystemTime) -> bool {
    std::fs::metadata(copy).and_then(|m| m.modified()).is_ok_and(|at| at >= changed)
}

/// What one build's bundle is called in its addresses: the first 16 hex
/// digits of a SHA-256 over every file under `pkg/` (names and contents;
/// the compressed copies are the same files again and left out). Any change
/// to any file, a lazy chunk included, makes a new id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildId(String);

impl BuildId {
    /// The id of the bundle under `site_root/pkg` as it is now. Without a
    /// bundle (the Rust tests, before the first build) the id of nothing.
    pub fn of(site_root: &Path) -> io::Result<Self> {
        let pkg = site_root.join("pkg");
        let files = match files_under(&pkg) {
            Ok(files) => files,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Self::empty()),
            Err(e) => return Err(e),
        };
        let mut digest = Sha256::new();
        for path in files {
            if is_copy(&path) {
                continue;
            }
            let name = path.strip_prefix(&pkg).unwrap_or(&path).to_string_lossy().into_owned();
            let contents = std::fs::read(&path)?;
            // Lengths first, so no two lists of files hash alike.
            digest.update((name.len() as u64).to_le_bytes());
            digest.update(name.as_bytes());
            digest.update((contents.len() as u64).to_le_bytes());
            digest.update(&contents);
        }
        Ok(Self(app::crypto::hex(&digest.finalize()[..8])))
    }

    /// The id of no files at all.
    pub fn empty() -> Self {
        Self(app::crypto::hex(&Sha256::new().finalize()[..8]))
    }

    /// `/pkg/{id}`: where pages find this build's files.
    pub fn url_path(&self) -> String {
        format!("/pkg/{}", self.0)
    }

    /// `pkg/{id}`, as Leptos's `site_pkg_dir` names it.
    pub fn pkg_dir(&self) -> String {
        format!("pkg/{}", self.0)
    }
}

/// How long a browser keeps a file named by its build id: a year, without
/// asking again (`immutable`), since the same address never holds anything
/// else.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `/pkg`: `/pkg/{id}/…` for this build's pages, kept a year by browsers,
/// and `/pkg/…` without an id (tools, `make bench`) with no lifetime of its
/// own. An id other than this build's is not found: an old page's files
/// are gone with its build.
///
/// `fixed` says the files stay as they are while the server runs (a
/// release). `cargo leptos watch` rebuilds under a running server, so there
/// the same id's files change: browsers are told to ask every time
/// (`no-cache`), and the compressed copies, which would be stale, are not used.
pub fn service(site_root: &Path, build: &BuildId, fixed: bool) -> Router {
    let lifetime = HeaderValue::from_static(if fixed { IMMUTABLE } else { "no-cache" });
    // Only a file found gets a lifetime: a missing one may appear with a
    // fixed build's redeploy, and a 404 is not worth keeping a year.
    let files = files(site_root, fixed);
    let versioned = SetResponseHeader::overriding(files.clone(), header::CACHE_CONTROL, move |response: &Response<_>| {
        response.status().is_success().then(|| lifetime.clone())
    });
    Router::new().nest_service(&format!("/{}", build.0), versioned).fallback_service(files)
}

/// `site_root/pkg` with the compressed copies the browser accepts. Copies
/// older than their file (a build since the last `assets compress`) are
/// removed first, so a stale copy is never sent; with `precompressed` off
/// none is used.
fn files(site_root: &Path, precompressed: bool) -> SetResponseHeader<ServeDir, HeaderValue> {
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
        // No bundle yet (a test, or before the first build): nothing to serve stale.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            // Copies that cannot be checked are not trusted: compress on the fly.
            tracing::warn!(error = %e, "pkg/ could not be checked for stale compressed copies; not using them");
            return vary(dir);
        }
    }
    vary(dir.precompressed_br().precompressed_gzip())
}

/// Removes each `NAME.br` / `NAME.gz` older than `NAME`, or without it (a
/// chunk the last build no longer makes).
fn remove_stale_copies(pkg_dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for copy in files_under(pkg_dir)? {
        if !is_copy(&copy) {
            continue;
        }
        let original = copy.with_extension("");
        let stale = match std::fs::metadata(&original).and_then(|m| m.modified()) {
            Ok(changed) => !is_fresh(&copy, changed),
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => return Err(e),
        };
        if stale {
            std::fs::remove_file(&copy)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A compressed copy (`NAME.br`, `NAME.gz`) or one being written.
fn is_copy(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz" | "partial"))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn files_to_compress(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = files_under(dir)?;
    found.retain(|path| path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSED_KINDS.contains(&e)));
    Ok(found)
}

/// Every file below `dir`, in order.
fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(files_under(&path)?);
        } else {
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

        // A chunk the last build no longer makes loses its copies too.
        std::fs::write(dir.path().join("chunk_9.wasm.br"), b"old").unwrap();
        std::fs::write(dir.path().join("chunk_9.wasm.gz"), b"old").unwrap();
        assert_eq!(remove_stale_copies(dir.path()).unwrap(), 4, "two orphans and the two copies older than cars.wasm");
        assert!(!dir.path().join("chunk_9.wasm.br").exists());
        assert!(dir.path().join("cars.wasm").exists() && dir.path().join("logo.png").exists(), "originals stay");
    }

    #[test]
    fn the_build_id_follows_every_file_but_not_the_compressed_copies() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        assert_eq!(BuildId::of(dir.path()).unwrap(), BuildId::empty(), "no bundle yet");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("cars.wasm"), b"\0asm one").unwrap();
        std::fs::write(pkg.join("chunk_1.wasm"), b"\0asm chunk").unwrap();
        let first = BuildId::of(dir.path()).unwrap();
        assert_eq!(first.url_path().len(), "/pkg/".len() + 16);
        assert_eq!(BuildId::of(dir.path()).unwrap(), first, "the same files, the same id");

        compress(&pkg, 1).unwrap();
        assert_eq!(BuildId::of(dir.path()).unwrap(), first, "compressed copies are the same files");

        std::fs::write(pkg.join("chunk_1.wasm"), b"\0asm chunk 2").unwrap();
        let rebuilt = BuildId::of(dir.path()).unwrap();
        assert_ne!(rebuilt, first, "a lazy chunk changed");
        std::fs::rename(pkg.join("chunk_1.wasm"), pkg.join("chunk_2.wasm")).unwrap();
        assert_ne!(BuildId::of(dir.path()).unwrap(), rebuilt, "a file renamed");
    }
}
