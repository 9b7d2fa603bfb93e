//! Import of 1,000,000 GeoJSON points: `onemap import` side by side with GDAL's
//! `ogr2ogr -f GPKG` on the same file in the same run, wall time and peak memory from
//! `/usr/bin/time -v`. Prints a Markdown table for BENCHMARKS.md.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/bench-target cargo bench --bench import_1m
//! ```
//! `ONEMAP_BENCH_N` sets the number of points, `ONEMAP_BENCH_RUNS` the runs per tool (the
//! tools alternate; the best time and the largest peak memory are reported), and
//! `ONEMAP_BENCH_DIR` where the files go (default: the system temp folder).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Enterprises scattered over Anyang with the attributes a safety bureau's list has. A fixed
/// linear congruential sequence keeps the file identical between runs.
fn generate(path: &Path, n: usize) -> std::io::Result<()> {
    const RISK: [&str; 4] = ["红", "橙", "黄", "蓝"];
    const INDUSTRY: [&str; 5] = ["危化", "冶金", "粉尘涉爆", "涉氨制冷", "有限空间"];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    for i in 0..n {
        let (lon, lat) = (113.6 + next() * 1.4, 35.2 + next() * 1.2);
        if i > 0 {
            w.write_all(b",\n")?;
        }
        write!(
            w,
            "{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.6},{lat:.6}]}},\
             \"properties\":{{\"code\":\"E{i:07}\",\"name\":\"企业{i}\",\"risk_level\":\"{}\",\"industry\":\"{}\",\
             \"district\":\"4105{:02}\",\"address\":\"安阳市某路{}号\",\"phone\":\"0372-{:07}\",\"in_park\":{}}}}}",
            RISK[i % 4],
            INDUSTRY[i % 5],
            i % 9,
            i % 997,
            i % 10_000_000,
            i % 3 == 0
        )?;
    }
    w.write_all(b"\n]}\n")?;
    w.flush()
}

/// Wall seconds and peak resident kilobytes of a command, from `/usr/bin/time -v`.
fn measure(cmd: &mut Command) -> (f64, u64) {
    let mut timed = Command::new("/usr/bin/time");
    timed.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    let out = timed.output().expect("run /usr/bin/time (Debian package `time`)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} failed:\n{err}", cmd);
    let field = |name: &str| {
        err.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in:\n{err}"))
            .trim()
            .to_string()
    };
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")
        .split(':')
        .fold(0.0, |acc, part| acc * 60.0 + part.parse::<f64>().unwrap_or(0.0));
    let rss = field("Maximum resident set size (kbytes):").parse().unwrap_or(0);
    (wall, rss)
}

fn remove_project(p: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let n: usize = env_or("ONEMAP_BENCH_N", 1_000_000);
    let runs: usize = env_or("ONEMAP_BENCH_RUNS", 2);
    let dir = PathBuf::from(env_or("ONEMAP_BENCH_DIR", std::env::temp_dir().display().to_string()))
        .join(format!("onemap-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the bench folder");
    let input = dir.join("points.geojson");
    generate(&input, n).expect("write the GeoJSON");
    let size_mb = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    let onemap = env!("CARGO_BIN_EXE_onemap");
    let (project, gdal_out) = (dir.join("onemap.gpkg"), dir.join("ogr2ogr.gpkg"));

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..runs {
        remove_project(&gdal_out);
        theirs.push(measure(Command::new("ogr2ogr").args(["-f", "GPKG"]).arg(&gdal_out).arg(&input)));
        remove_project(&project);
        let init = Command::new(onemap).arg("init").arg(&project).output().expect("onemap init");
        assert!(init.status.success());
        ours.push(measure(
            Command::new(onemap).args(["import", "--layer", "enterprises", "--db"]).arg(&project).arg(&input),
        ));
    }
    // Both files hold every point.
    let check = Command::new(onemap).args(["check", "--json"]).arg(&project).output().expect("onemap check");
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check --json");
    let counted =
        report["layers"].as_array().and_then(|l| l.iter().find(|x| x[0] == "enterprises")).map(|x| x[1].clone());
    assert_eq!(counted, Some(serde_json::Value::from(n)), "{report}");
    let info = Command::new("ogrinfo").args(["-so", "-al"]).arg(&gdal_out).output().expect("ogrinfo");
    assert!(String::from_utf8_lossy(&info.stdout).contains(&format!("Feature Count: {n}")));

    let best = |v: &[(f64, u64)]| v.iter().map(|x| x.0).fold(f64::MAX, f64::min);
    let peak = |v: &[(f64, u64)]| v.iter().map(|x| x.1).max().unwrap_or(0);
    let gdal_version = Command::new("ogr2ogr")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("{n} points, {size_mb:.0} MB of GeoJSON, best of {runs} runs each ({gdal_version})\n");
    println!("| tool | wall time (s) | peak memory (MB) | runs (s) |");
    println!("|---|---|---|---|");
    for (name, v) in [("`onemap import`", &ours), ("`ogr2ogr -f GPKG`", &theirs)] {
        let all: Vec<String> = v.iter().map(|x| format!("{:.2}", x.0)).collect();
        println!("| {name} | {:.2} | {:.0} | {} |", best(v), peak(v) as f64 / 1024.0, all.join(", "));
    }
    println!(
        "\nratio onemap / ogr2ogr: time {:.2}, peak memory {:.2}",
        best(&ours) / best(&theirs),
        peak(&ours) as f64 / peak(&theirs).max(1) as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
}
