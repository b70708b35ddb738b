//! With the `header` feature, regenerates `include/valuevector.h` from the
//! exported functions and their doc comments.

fn main() {
    #[cfg(feature = "header")]
    {
        let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
        let config = cbindgen::Config::from_file(format!("{dir}/cbindgen.toml"))
            .expect("cbindgen.toml is valid");
        cbindgen::Builder::new()
            .with_crate(&dir)
            .with_config(config)
            .generate()
            .expect("the header generates")
            .write_to_file(format!("{dir}/include/valuevector.h"));
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
}
