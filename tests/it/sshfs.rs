//! An ssh server on 127.0.0.1 started for a test or a benchmark, with a throw-away host
//! key and user key on a free port, and one of its folders mounted through sshfs as
//! many times as asked: two mounts share no locks, exactly like two computers.
//! (Used by `tests/it/network.rs` and `benches/network.rs`.)

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The sshfs options a shop needs besides locks: no cached attributes or names, so that
/// a file another computer changed or removed is seen as it is on the server.
pub const SSHFS_OPTIONS: &str = "dir_cache=no,attr_timeout=0,entry_timeout=0,negative_timeout=0";

/// An ssh server on 127.0.0.1 with a throw-away host key and user key, and one folder of
/// its machine mounted through sshfs as many times as asked.
pub struct Sshfs {
    pub dir: tempfile::TempDir,
    sshd: Child,
    pub mounts: Vec<PathBuf>,
}

impl Sshfs {
    /// The folder the server shares (as the server sees it).
    pub fn served(&self) -> PathBuf {
        self.dir.path().join("share")
    }

    /// Starts the server and mounts its folder `n` times, or says why it cannot.
    pub fn start(n: usize) -> Result<Sshfs, String> {
        for tool in ["sshfs", "ssh-keygen"] {
            if !on_path(tool) {
                return Err(format!("{tool} is not installed"));
            }
        }
        let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd", "/usr/local/sbin/sshd"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
            .ok_or("sshd (openssh-server) is not installed")?;
        if fusermount().is_none() {
            return Err("fusermount (fuse3) is not installed".into());
        }
        if !Path::new("/dev/fuse").exists() {
            return Err("/dev/fuse is missing (no FUSE in this environment)".into());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let d = dir.path();
        std::fs::create_dir(d.join("share")).map_err(|e| e.to_string())?;
        for key in ["host_key", "user_key"] {
            let ok = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(d.join(key))
                .status()
                .map_err(|e| e.to_string())?
                .success();
            if !ok {
                return Err("ssh-keygen failed".into());
            }
        }
        std::fs::copy(d.join("user_key.pub"), d.join("authorized_keys"))
            .map_err(|e| e.to_string())?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let config = d.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nAuthorizedKeysFile {ak}\n\
                 PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n\
                 StrictModes no\nPermitRootLogin prohibit-password\nPidFile none\n\
                 Subsystem sftp internal-sftp\n",
                hk = d.join("host_key").display(),
                ak = d.join("authorized_keys").display(),
            ),
        )
        .map_err(|e| e.to_string())?;
        // The privilege separation folder sshd insists on when run as root.
        let _ = std::fs::create_dir_all("/run/sshd");
        let mut child = Command::new(&sshd)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start sshd: {e}"))?;
        let up = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                if let Some(e) = child.stderr.take() {
                    for line in BufReader::new(e).lines().map_while(Result::ok) {
                        err.push_str(&line);
                        err.push('\n');
                    }
                }
                return Err(format!("sshd exited ({status}): {err}"));
            }
            if up.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                let _ = child.wait();
                return Err("sshd did not listen within 10 s".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // sshd's log is not needed once it listens; drain it so that it never blocks.
        if let Some(e) = child.stderr.take() {
            std::thread::spawn(move || for _ in BufReader::new(e).lines() {});
        }
        let mut this = Sshfs {
            dir,
            sshd: child,
            mounts: Vec::new(),
        };
        let user = std::env::var("USER")
            .ok()
            .filter(|u| !u.is_empty())
            .or_else(|| {
                Command::new("id")
                    .arg("-un")
                    .output()
                    .ok()
                    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            })
            .unwrap_or_else(|| "root".into());
        for i in 0..n {
            let point = this.dir.path().join(format!("mount{}", i + 1));
            std::fs::create_dir(&point).map_err(|e| e.to_string())?;
            let out = Command::new("sshfs")
                .arg(format!("{user}@127.0.0.1:{}", this.served().display()))
                .arg(&point)
                .args(["-p", &port.to_string(), "-o"])
                .arg(format!(
                    "IdentityFile={},StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null,\
                     BatchMode=yes,LogLevel=ERROR,{SSHFS_OPTIONS}",
                    this.dir.path().join("user_key").display()
                ))
                .output()
                .map_err(|e| format!("cannot run sshfs: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "sshfs could not mount: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            this.mounts.push(point);
        }
        Ok(this)
    }
}

impl Drop for Sshfs {
    fn drop(&mut self) {
        for m in &self.mounts {
            let Some(tool) = fusermount() else {
                break;
            };
            let _ = Command::new(tool).args(["-u", "-z"]).arg(m).status();
        }
        let _ = self.sshd.kill();
        let _ = self.sshd.wait();
    }
}

fn fusermount() -> Option<&'static str> {
    ["fusermount3", "fusermount"]
        .into_iter()
        .find(|t| on_path(t))
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(tool).is_file()))
}

/// Says why the test could not run: a failure in CI, a note elsewhere.
pub fn could_not_run(why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("the network test must run in CI but cannot: {why}");
    }
    eprintln!("network test not run: {why}");
}
