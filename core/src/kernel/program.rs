//! What the batch loops need of a model, and nothing more.

use crate::bands::Band;

use super::Compiled;

/// A model as the kernel sees it: its compiled equations, the order to
/// evaluate them in (each after its inputs), how many drivers come before
/// the equations among the nodes, their floors, and the bands, lowest first.
#[derive(Clone, Copy)]
pub(crate) struct Program<'a> {
    pub equations: &'a [Compiled],
    pub order: &'a [usize],
    pub drivers: usize,
    /// Per driver: the floor it counts as at least.
    pub floors: &'a [f64],
    pub bands: &'a [Band],
}
