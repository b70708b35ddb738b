//! The model: drivers, measures, equations, bands, taxonomy and rules, as
//! data. Loaded from JSON (or TOML), validated with errors that name the bad
//! field, then compiled and immutable.

use std::sync::{Arc, OnceLock};

use crate::bands;
use crate::blocker::Blocker;
use crate::classify::{Classification, Classifier, UNCLASSIFIED};
use crate::equations;
use crate::error::{Error, Result};
use crate::kernel::{self, Compiled};
use crate::model_reader;
use crate::model_spec::ModelSpec;
use crate::names::{Name, Names};
use crate::validate::Compilation;

/// The embedded default model, as compact JSON (`core/models/default.json`
/// without the whitespace between tokens).
pub const DEFAULT_MODEL_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default.min.json"));

/// A validated, immutable model. Cheap to share across threads
/// (`Send + Sync`); clone it or put it in an `Arc`.
#[derive(Debug, Clone)]
pub struct Model {
    spec: ModelSpec,
    names: Names,
    /// Per driver: its measures and their normalised weights.
    pub(crate) driver_measures: Vec<(Vec<usize>, Vec<f64>)>,
    pub(crate) equations: Vec<Compiled>,
    /// Per driver: the floor it counts as at least inside the means.
    pub(crate) floors: Vec<f64>,
    /// Equations in an order where inputs come before what uses them.
    pub(crate) order: Vec<usize>,
    /// Per node: its value at the model customer.
    pub(crate) targets: Vec<f64>,
    /// Per node (drivers, then equations) and per band: the name, shared
    /// by every scorecard rather than copied into each.
    labels: Vec<Arc<str>>,
    band_labels: Vec<Arc<str>>,
    pub(crate) realisation_weights: Vec<f64>,
    classifier: Classifier,
    /// Per driver: the first dimension that weighs on it.
    pub(crate) driver_dimension: Vec<Option<usize>>,
    /// Per dimension: the drivers it weighs on.
    pub(crate) dimension_drivers: Vec<Vec<usize>>,
}

impl Model {
    /// The model as the batch kernel sees it.
    pub(crate) fn program(&self) -> crate::kernel::Program<'_> {
        crate::kernel::Program {
            equations: &self.equations,
            order: &self.order,
            drivers: self.spec().drivers.len(),
            floors: &self.floors,
            bands: &self.spec().bands,
        }
    }

    /// The embedded default model: six drivers (product, outcomes,
    /// enablement, guidance, relationship, need), CRM measures, the adoption,
    /// renewal and expansion equations as geometric means, and the People,
    /// Product, Services and Quality taxonomy.
    pub fn embedded() -> &'static Model {
        static DEFAULT: OnceLock<Model> = OnceLock::new();
        // A test checks the embedded model loads; the message is written
        // with Display, as Debug would link string escaping into the
        // WebAssembly module.
        DEFAULT.get_or_init(
            || match Model::from_json(&crate::packed::default_model_json()) {
                Ok(model) => model,
                Err(e) => panic!("the embedded default model is invalid: {e}"),
            },
        )
    }

    /// Reads and validates a model from JSON.
    pub fn from_json(json: &str) -> Result<Model> {
        let doc = crate::json::parse(json).map_err(|f| Error::model(f.path, f.message))?;
        Model::from_doc(&doc)
    }

    /// Reads and validates a model from its JSON tree.
    pub(crate) fn from_doc(doc: &crate::json::Json) -> Result<Model> {
        let spec = model_reader::model_spec(doc).map_err(|f| Error::model(f.path, f.message))?;
        Model::from_spec(spec)
    }

    /// Reads and validates a model from TOML. The TOML is read as a tree
    /// and checked as the same document as JSON, so errors name the same
    /// paths.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Model> {
        let tree: toml::Value =
            toml::from_str(text).map_err(|e| Error::model("", e.message().to_string()))?;
        let tree = serde_json::to_value(&tree).map_err(|e| Error::model("", e.to_string()))?;
        let spec = model_reader::model_spec(&crate::json::from_serde(tree))
            .map_err(|f| Error::model(f.path, f.message))?;
        Model::from_spec(spec)
    }

    /// The model as pretty JSON; [`Model::from_json`] reads it back to an equal model.
    pub fn to_json(&self) -> String {
        crate::json::to_string_pretty(&self.spec)
    }

    /// The model as written.
    pub fn spec(&self) -> &ModelSpec {
        &self.spec
    }

    /// The model's name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Driver names, in the value vector's order.
    pub fn drivers(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spec.drivers.iter().map(|d| d.name.as_str())
    }

    /// Measure names.
    pub fn measures(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spec.measures.iter().map(|m| m.name.as_str())
    }

    /// Equation names, in declaration order.
    pub fn equations(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spec.equations.iter().map(|e| e.name.as_str())
    }

    /// Blocker dimension names, in taxonomy order.
    pub fn dimensions(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spec
            .taxonomy
            .dimensions
            .iter()
            .map(|d| d.name.as_str())
    }

    /// The inputs of an equation by name, in declaration order: what its
    /// limiting codes index. `None` for an unknown equation.
    pub fn equation_inputs(&self, equation: &str) -> Option<Vec<&str>> {
        self.spec
            .equations
            .iter()
            .find(|e| e.name == equation)
            .map(|e| e.inputs.iter().map(|i| i.reference.as_str()).collect())
    }

    /// The name of the first taxonomy dimension that works on driver `i`
    /// (`unclassified` when none does).
    pub(crate) fn dimension_of_driver(&self, i: usize) -> String {
        self.driver_dimension[i].map_or(crate::classify::UNCLASSIFIED.to_string(), |k| {
            self.spec().taxonomy.dimensions[k].name.clone()
        })
    }

    /// Band names, lowest first.
    pub fn bands(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spec.bands.iter().map(|b| b.name.as_str())
    }

    /// The band a score falls in; `None` for a missing (NaN) score.
    pub fn band_of(&self, score: f64) -> Option<&str> {
        bands::band_index(&self.spec.bands, score).map(|i| self.spec.bands[i].name.as_str())
    }

    /// Classifies one blocker text.
    pub fn classify(&self, text: &str) -> Classification {
        self.classifier.classify(text)
    }

    /// Classifies a blocker: its explicit dimension when it has one (which
    /// must be a dimension of the taxonomy), otherwise its text and tags.
    pub fn classify_blocker(&self, blocker: &Blocker) -> Result<Classification> {
        blocker.validate()?;
        match &blocker.dimension {
            Some(d) if d == UNCLASSIFIED || self.dimension_index(d).is_some() => {
                Ok(Classification::explicit(d))
            }
            Some(d) => Err(Error::input(
                "dimension",
                format!(
                    "unknown dimension '{d}' (the taxonomy has: {})",
                    self.dimensions().collect::<Vec<_>>().join(", ")
                ),
            )),
            None => Ok(self.classify(&blocker.evidence())),
        }
    }

    pub(crate) fn dimension_index(&self, name: &str) -> Option<usize> {
        self.classifier.dimension_index(name)
    }

    /// The drivers a dimension weighs on (none for an unknown dimension or
    /// `unclassified`).
    pub(crate) fn dimension_drivers_of(&self, dimension: &str) -> Vec<usize> {
        self.dimension_index(dimension)
            .map(|k| self.dimension_drivers[k].clone())
            .unwrap_or_default()
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<Name> {
        self.names.get(name).copied()
    }

    /// The name of node `i` (a driver or an equation).
    pub(crate) fn node_name(&self, i: usize) -> &str {
        &self.labels[i]
    }

    /// A driver's or equation's name, shared (a copy of `name` when it is
    /// neither).
    pub(crate) fn label_of(&self, name: &str) -> Arc<str> {
        match self.labels.iter().find(|l| &***l == name) {
            Some(label) => Arc::clone(label),
            None => Arc::from(name),
        }
    }

    /// The name of node `i`, shared.
    pub(crate) fn node_label(&self, i: usize) -> Arc<str> {
        Arc::clone(&self.labels[i])
    }

    /// The band a score falls in, shared; `None` when the score is missing.
    pub(crate) fn band_label(&self, score: f64) -> Option<Arc<str>> {
        bands::band_index(&self.spec.bands, score).map(|i| Arc::clone(&self.band_labels[i]))
    }

    /// Validates a spec and compiles it into a model.
    pub fn from_spec(spec: ModelSpec) -> Result<Model> {
        crate::validate::compile(spec).map(Model::assemble)
    }

    /// A model from what validation compiled.
    fn assemble(compilation: Compilation) -> Model {
        let Compilation {
            spec,
            names,
            driver_measures,
            equations,
            floors,
            order,
            classifier,
            driver_dimension,
            dimension_drivers,
        } = compilation;
        let realisation_weights = equations::normalised(spec.drivers.iter().map(|d| d.weight));
        let labels = spec
            .drivers
            .iter()
            .map(|d| d.name.as_str())
            .chain(spec.equations.iter().map(|e| e.name.as_str()))
            .map(Arc::from)
            .collect();
        let band_labels = spec
            .bands
            .iter()
            .map(|b| Arc::from(b.name.as_str()))
            .collect();
        let mut model = Model {
            labels,
            band_labels,
            targets: spec.drivers.iter().map(|d| d.target).collect(),
            spec,
            names,
            driver_measures,
            equations,
            floors,
            order,
            realisation_weights,
            classifier,
            driver_dimension,
            dimension_drivers,
        };
        // The model customer: every driver at its target, equations evaluated on that.
        let mut nodes = model.targets.clone();
        nodes.resize(model.targets.len() + model.equations.len(), f64::NAN);
        let mut limiting = vec![kernel::NONE; model.equations.len()];
        let mut coverage = vec![0.0; model.equations.len()];
        model.evaluate(&mut nodes, &mut limiting, &mut coverage);
        for eq in &mut model.equations {
            eq.set_targets(eq.inputs.iter().map(|&n| nodes[n]).collect());
        }
        model.targets = nodes;
        model
    }

    /// Fills the equation nodes from the driver nodes (as given: each counts
    /// as at least its floor inside the means), in dependency order,
    /// each equation's limiting input (its position among the inputs, or
    /// [`kernel::NONE`] when the outcome is missing or nothing limits it)
    /// and its coverage.
    #[inline]
    /// [`Model::evaluate`]'s outcomes alone (the same bits), for the
    /// equations of `order` (a prefix of the model's order), in working
    /// space `xs`: no limiting input, so no lifts.
    pub(crate) fn evaluate_means(&self, nodes: &mut [f64], order: &[usize], xs: &mut Vec<f64>) {
        let d = self.spec.drivers.len();
        for &k in order {
            let eq = &self.equations[k];
            eq.gather(nodes, xs);
            let e = kernel::mean_and_coverage_of(eq, xs);
            let missing = e.coverage < eq.min_coverage || e.coverage == 0.0;
            nodes[d + k] = if missing {
                f64::NAN
            } else {
                kernel::conjoined_mean(eq, xs, &e)
            };
        }
    }

    pub(crate) fn evaluate(&self, nodes: &mut [f64], limiting: &mut [usize], coverage: &mut [f64]) {
        let d = self.spec.drivers.len();
        let mut xs = Vec::new();
        for &k in &self.order {
            let eq = &self.equations[k];
            eq.gather(nodes, &mut xs);
            let e = kernel::evaluate_of(eq, &xs);
            let e = kernel::conjoin(eq, &mut xs, e);
            let missing = e.coverage < eq.min_coverage || e.coverage == 0.0;
            nodes[d + k] = if missing { f64::NAN } else { e.mean };
            limiting[k] = if missing { kernel::NONE } else { e.limiting };
            coverage[k] = e.coverage;
        }
    }
}

impl Default for Model {
    /// The embedded default model.
    fn default() -> Self {
        Model::embedded().clone()
    }
}
