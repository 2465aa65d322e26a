//! Shared pieces of the benchmarks: synthetic rosters and child-process
//! measurement.

#![allow(dead_code, clippy::print_stdout, clippy::print_stderr)]

pub mod archives;
pub mod certs;
pub mod credits;
pub mod profiles;
pub mod roster;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of a child process cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub wall: Duration,
    pub user: Duration,
    pub system: Duration,
    /// Peak resident memory, in bytes.
    pub max_rss: u64,
    pub status: i32,
}

impl Cost {
    /// CPU time over wall time: 2.0 means both cores busy throughout.
    pub fn cores_used(&self) -> f64 {
        (self.user + self.system).as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// Runs a command to completion and measures it with wait4(2), which
/// reports the child's own CPU time and peak memory.
#[allow(unsafe_code, clippy::zombie_processes)] // wait4 reaps the child
pub fn measure(cmd: &mut Command) -> Cost {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; pid is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let wall = start.elapsed();
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    if code > 1 {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        panic!("{cmd:?} exited with {code}: {err}");
    }
    Cost {
        wall,
        user: tv(usage.ru_utime),
        system: tv(usage.ru_stime),
        max_rss: usage.ru_maxrss as u64 * 1024,
        status: code,
    }
}

/// The meded binary cargo built for this benchmark.
pub fn meded(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_meded"));
    c.arg("--db")
        .arg(db)
        .arg("--quiet")
        .env("MEDED_ACTOR", "bench");
    c
}

/// Where benchmark files go: target/bench-data, kept between runs.
pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    dir
}

/// Removes a database and its WAL files.
pub fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// A one-line description of this machine for docs/performance.md.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches(" kB").parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024 / 1024);
    format!("{model}, {cores} cores, {mem} GiB")
}

/// Command-line settings of a benchmark: `--name value` pairs after `--`.
pub fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// A `--name value` setting given as text.
pub fn arg_str(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// Runs this benchmark binary again with other arguments, and waits.
pub fn run_self(args: &[&str]) {
    let exe = std::env::current_exe().expect("current exe");
    let status = Command::new(exe).args(args).status().expect("run self");
    assert!(status.success(), "{args:?} failed");
}

pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

pub fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}
