// The acme assets (include_dir) and the demo scripts (include_str) are embedded; rebuild when
// any of them changes.
fn main() {
    println!("cargo:rerun-if-changed=acme");
    println!("cargo:rerun-if-changed=scripts");
}
