//! Helpers shared by the integration tests: running the built `onemap` binary, fixture paths,
//! demo projects in temporary folders, and file fingerprints.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole output unless the exit code is `code`.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit {code}\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// The built binary, with a fixed operator name for the audit log.
pub fn onemap_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_onemap"));
    c.env("ONEMAP_OPERATOR", "tester");
    c
}

pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = onemap_command().args(args).output().expect("run onemap");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file under `tests/data`.
pub fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel)
}

/// A new demo project in `dir`.
pub fn demo(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    run([OsStr::new("init"), OsStr::new("--demo"), p.as_os_str()]).expect(0);
    p
}

/// A new empty project in `dir`.
pub fn empty(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    run([OsStr::new("init"), p.as_os_str()]).expect(0);
    p
}

/// A fingerprint of a project's bytes on disk: the file and its WAL, if any (a WAL that is
/// left behind holds committed pages that belong to the project).
pub fn fingerprint(project: &Path) -> (u64, u64) {
    let hash = |p: &Path| {
        let bytes = std::fs::read(p).unwrap_or_default();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        (bytes.len() as u64) ^ h.finish()
    };
    let wal = PathBuf::from(format!("{}-wal", project.display()));
    (hash(project), hash(&wal))
}

/// `onemap list LAYER --db P --json` as JSON.
pub fn list(project: &Path, layer: &str) -> serde_json::Value {
    run([OsStr::new("list"), OsStr::new(layer), OsStr::new("--db"), project.as_os_str(), OsStr::new("--json")])
        .expect(0)
        .json()
}

/// The operator the record and analysis tests run as (their audit rows name it).
pub const OPERATOR: &str = "测试员";

/// `onemap ARGS` as [`OPERATOR`], its raw output.
pub fn output(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_onemap")).args(args).env("ONEMAP_OPERATOR", OPERATOR).output().expect("run onemap")
}

/// [`output`] that must succeed: its stdout.
pub fn ok(args: &[&str]) -> String {
    let out = output(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

/// [`output`] that must fail with exit code 1 (the user's input is wrong): its stderr.
pub fn fails(args: &[&str]) -> String {
    let out = output(args);
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail with 1: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).expect("UTF-8 stderr")
}

/// The stdout of a successful run, as JSON.
pub fn stdout_json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The demo project, created by [`OPERATOR`] in a fresh temporary folder (kept while the
/// `TempDir` lives).
pub fn demo_in_temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("anyang.gpkg");
    ok(&["init", "--demo", db.to_str().expect("UTF-8 path")]);
    (dir, db)
}
