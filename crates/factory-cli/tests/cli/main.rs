//! End-to-end tests of the `factory` binary: exit codes, stdout and stderr snapshotted with
//! temp paths and shas replaced.

mod common;
mod demo;
mod home;
mod repo;
mod run;
mod whole_demo;
