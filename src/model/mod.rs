//! The pipeline model: pure Rust, deterministic, no browser dependency.
//!
//! `Scenario` (workload + design + anchored faults) → [`simulate()`] → [`Trace`]
//! (steps, final world, ledger). [`world_at`] gives the world at any step. Each
//! delivery design is described in one module of [`designs`].

pub mod boundary;
pub mod compare;
pub mod designs;
pub mod edit;
pub mod expect;
pub mod explain;
pub mod explore;
pub mod ledger;
pub mod limits;
pub mod prediction;
pub mod presets;
pub mod progress;
pub mod scenario;
pub mod search;
pub mod search_wire;
pub mod simulate;
pub mod trace;
pub mod view;
pub mod workload_edit;
pub mod world;

pub use ledger::{Ledger, LedgerRow, Verdict};
pub use scenario::{
    Anchor, Design, DesignKind, Fault, FaultKind, Isolation, Knobs, Names, Scenario, SinkWrite,
    StepKind, Workload,
};
pub use simulate::{fits, simulate, world_at};
pub use trace::{Actor, Step, Trace};
pub use world::World;
