//! Tests of the worker adapters, the process control they share and the script worker, all
//! in one test binary.

mod acp;
mod adapters;
mod common;
mod limits;
mod script;
