//! With the `browser-tests` feature: Debian's chromium renders report.html to a PNG.

#[cfg(feature = "browser-tests")]
#[test]
fn chromium_renders_the_html_report() {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let fixture = crate::fixture::fixture();
    factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    let html = fixture.evidence_dir.join("report.html");
    let png = fixture.evidence_dir.parent().expect("run folder").join("report.png");
    let profile = fixture.evidence_dir.parent().expect("run folder").join("chromium-profile");
    let mut child = Command::new("/usr/bin/chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2200"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("/usr/bin/chromium starts (install the Debian package `chromium`)");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(status.success(), "chromium failed: {status}");
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.len() > 1000 && bytes.starts_with(b"\x89PNG"), "screenshot is {} bytes", bytes.len());
    // To look at the design: keep the screenshot and the page.
    if let Ok(keep) = std::env::var("FACTORY_EVIDENCE_KEEP_SCREENSHOT") {
        std::fs::copy(&png, &keep).expect("keep the screenshot");
        std::fs::copy(&html, format!("{keep}.html")).expect("keep the page");
    }
}
