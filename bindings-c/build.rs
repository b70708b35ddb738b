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
    // A versioned soname, so that an installed libvaluevector.so.0 is found
    // by programs linked against it whatever the .so symlink points to.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libvaluevector.so.0");
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
}
