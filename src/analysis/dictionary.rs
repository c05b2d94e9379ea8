//! The IPADIC dictionary, embedded in the binary by `build/build.rs`.
//!
//! Embedding (rather than loading a directory at run time) means `kn` works
//! from any directory after `cargo install`, and loading costs ~2 ms because
//! lindera reads the tables in place from the binary's read-only data.

lindera_dictionary::embedded_dictionary!("/lindera-ipadic", EmbeddedIpadicLoader);
