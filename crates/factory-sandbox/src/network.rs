//! The network a sandbox's services share. `host`: the machine's network, services on
//! 127.0.0.1 with factory-allocated ports. `private`: a network namespace of its own with only a
//! loopback interface (made by bwrap `--unshare-net`, held open by a small holder process), which
//! every service, seed step, exec probe and check joins with `nsenter`; the factory's own probes
//! and HTTP checks connect from a thread that joins it. Nothing outside the sandbox can reach its
//! services, and they cannot reach anything outside it.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Which network a sandbox asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkChoice {
    /// The host's network: the services' URLs work from the host too.
    #[default]
    Host,
    /// A private loopback-only network; the sandbox fails to start without bwrap and nsenter.
    Private,
    /// Private where bwrap and nsenter work, else the host's (the sandbox says why).
    Auto,
}

/// Whether `nsenter` (util-linux) is installed, which joining a private network needs.
pub fn nsenter_available() -> bool {
    ["/usr/bin/nsenter", "/bin/nsenter", "/usr/sbin/nsenter"].iter().any(|path| Path::new(path).is_file())
}

/// The network a sandbox got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Network {
    #[default]
    Host,
    Private {
        /// `/proc/<pid>/ns/net` of the holder.
        netns: PathBuf,
        /// The holder's process group, stopped with the sandbox.
        holder_pgid: u32,
        /// When the holder started (clock ticks since boot).
        #[serde(default)]
        holder_started: Option<u64>,
    },
}

impl Network {
    pub fn netns(&self) -> Option<&Path> {
        match self {
            Self::Host => None,
            Self::Private { netns, .. } => Some(netns),
        }
    }

    /// `argv` run inside the network: `nsenter --net=<netns> -- argv` for a private one.
    pub fn enter(&self, argv: Vec<String>) -> Vec<String> {
        match self.netns() {
            None => argv,
            Some(netns) => {
                let mut out = vec!["nsenter".to_string(), format!("--net={}", netns.display()), "--".to_string()];
                out.extend(argv);
                out
            }
        }
    }
}

/// Starts the holder of a private network: `bwrap --unshare-net ... sleep infinity` in its own
/// process group, detached like a service. Returns its pid (= process group) and the namespace.
pub fn start_private_network(bwrap: &Path) -> std::io::Result<Network> {
    use std::os::unix::process::CommandExt as _;
    let mut child = std::process::Command::new(bwrap)
        .args(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net", "--unshare-pid"])
        .args(["--info-fd", "1", "--", "sleep", "infinity"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()?;
    let holder_pgid = child.id();
    let stdout = child.stdout.take().ok_or_else(|| std::io::Error::other("no stdout from bwrap"))?;
    let mut info = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        info.push_str(&line);
        if line.trim() == "}" {
            break;
        }
    }
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    let parsed: serde_json::Value = serde_json::from_str(&info)
        .map_err(|error| std::io::Error::other(format!("bwrap --info-fd gave no JSON ({error}): {info}")))?;
    let child_pid = parsed
        .get("child-pid")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| std::io::Error::other(format!("bwrap --info-fd gave no child-pid: {info}")))?;
    let holder_started = crate::process::start_ticks(holder_pgid);
    Ok(Network::Private { netns: PathBuf::from(format!("/proc/{child_pid}/ns/net")), holder_pgid, holder_started })
}

/// Connects to `127.0.0.1:port` in `network`.
pub async fn connect(network: &Network, port: u16, timeout: Duration) -> std::io::Result<tokio::net::TcpStream> {
    let Some(netns) = network.netns() else {
        return match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(("127.0.0.1", port))).await {
            Ok(connected) => connected,
            Err(_) => Err(std::io::Error::new(std::io::ErrorKind::TimedOut, format!("no connection within {} ms", timeout.as_millis()))),
        };
    };
    let netns = netns.to_path_buf();
    let (sender, receiver) = tokio::sync::oneshot::channel();
    // A fresh thread joins the namespace (setns changes only the calling thread); the socket it
    // creates belongs to the namespace whichever thread uses it afterwards.
    std::thread::spawn(move || {
        let connected = (|| {
            let file = std::fs::File::open(&netns)?;
            nix::sched::setns(&file, nix::sched::CloneFlags::CLONE_NEWNET).map_err(std::io::Error::from)?;
            let stream = std::net::TcpStream::connect_timeout(&std::net::SocketAddr::from(([127, 0, 0, 1], port)), timeout)?;
            stream.set_nonblocking(true)?;
            Ok::<_, std::io::Error>(stream)
        })();
        let _ = sender.send(connected);
    });
    let stream = receiver.await.map_err(|_| std::io::Error::other("the namespace connect thread ended"))??;
    tokio::net::TcpStream::from_std(stream)
}
