//! Domain types shared by every factory crate: the layout of a factory home, the parsed
//! `factory.toml`, references to brain entities, and the error type for bad configuration.
//!
//! This crate does no IO: it never touches the filesystem, the network, a process or a clock.
//! Callers read bytes and hand them here; paths are computed, never opened.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod home;
pub mod names;

pub use config::{ConfigError, FactoryConfig, RepoEntry};
pub use home::HomeLayout;
