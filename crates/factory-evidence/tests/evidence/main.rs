//! Tests of the evidence bundle against one fixture run: three repos, a check that fails on
//! attempt 1 and passes on attempt 2, an unknown browser check with a screenshot.

mod browser;
mod fixture;
mod html;
mod snapshots;
mod verify;
