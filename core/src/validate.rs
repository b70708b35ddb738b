//! Model validation and compilation: every reference resolved, the equation
//! graph checked acyclic, errors naming the path of the bad field.

use crate::classify::Classifier;
use crate::equations::{self, check_coverage};
use crate::error::{Error, Result};
use crate::kernel::Compiled;
use crate::model_spec::ModelSpec;
use crate::names::{check_input_name, check_name, Name, Names};

/// A model spec validated and compiled: what a [`crate::Model`] is
/// assembled from.
pub(crate) struct Compilation {
    pub spec: ModelSpec,
    pub names: Names,
    /// Per driver: its measures and their normalised weights.
    pub driver_measures: Vec<(Vec<usize>, Vec<f64>)>,
    pub equations: Vec<Compiled>,
    /// Per driver: its floor, its own or the model's.
    pub floors: Vec<f64>,
    /// Equations in an order where inputs come before what uses them.
    pub order: Vec<usize>,
    pub classifier: Classifier,
    /// Per driver: the first dimension that lists it.
    pub driver_dimension: Vec<Option<usize>>,
    /// Per dimension: the drivers it weighs on.
    pub dimension_drivers: Vec<Vec<usize>>,
}

/// Validates `spec` and compiles it.
pub(crate) fn compile(spec: ModelSpec) -> Result<Compilation> {
    check_name(&spec.name).map_err(|e| e.within("name"))?;
    let names = collect_names(&spec)?;

    let d = spec.drivers.len();
    let mut driver_measures: Vec<(Vec<usize>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); d];
    for (j, m) in spec.measures.iter().enumerate() {
        let at = format!("measures.{}", m.name);
        m.validate_own_fields().map_err(|e| e.within(&at))?;
        match names.get(&m.driver) {
            Some(Name::Driver(i)) => driver_measures[*i].0.push(j),
            _ => {
                return Err(Error::model(
                    format!("{at}.driver"),
                    format!("unknown driver '{}'", m.driver),
                ))
            }
        }
    }
    for (measures, weights) in &mut driver_measures {
        *weights = equations::normalised(measures.iter().map(|&j| spec.measures[j].weight));
    }

    check_coverage(spec.min_coverage).map_err(|e| e.within("min_coverage"))?;
    let floors = driver_floors(&spec)?;
    let mut compiled = Vec::with_capacity(spec.equations.len());
    for eq in &spec.equations {
        let at = format!("equations.{}", eq.name);
        eq.validate_own_fields().map_err(|e| e.within(&at))?;
        let mut inputs = Vec::with_capacity(eq.inputs.len());
        for (i, input) in eq.inputs.iter().enumerate() {
            let path = format!("{at}.inputs[{i}].ref");
            let node = match names.get(&input.reference) {
                Some(Name::Driver(k)) => *k,
                Some(Name::Equation(k)) => d + k,
                Some(Name::Measure(_)) => {
                    return Err(Error::model(
                        path,
                        format!(
                            "'{}' is a measure; equations take drivers or other equations",
                            input.reference
                        ),
                    ))
                }
                None => {
                    return Err(Error::model(
                        path,
                        format!("unknown input '{}'", input.reference),
                    ))
                }
            };
            if inputs.contains(&node) {
                return Err(Error::model(
                    path,
                    format!("'{}' appears twice", input.reference),
                ));
            }
            inputs.push(node);
        }
        let mut equation = Compiled::new(
            inputs,
            equations::normalised(eq.inputs.iter().map(|i| i.weight)),
            eq.p,
            eq.min_coverage.unwrap_or(spec.min_coverage),
        );
        equation.set_conjunction(
            |node| floors.get(node).copied().unwrap_or(0.0),
            eq.inputs.iter().map(|i| i.required),
            d,
        );
        compiled.push(equation);
    }
    let order = evaluation_order(&spec, &compiled)?;

    validate_ladder(&spec)?;
    crate::bands::validate(&spec.bands).map_err(|e| e.within("bands"))?;
    spec.progress.validate().map_err(|e| e.within("progress"))?;
    for (i, name) in spec.progress.pace_drivers.iter().enumerate() {
        if !matches!(names.get(name), Some(Name::Driver(_))) {
            return Err(Error::model(
                format!("progress.pace_drivers[{i}]"),
                format!("'{name}' is not a driver"),
            ));
        }
    }
    spec.blockers.validate().map_err(|e| e.within("blockers"))?;
    let classifier = Classifier::new(&spec.taxonomy).map_err(|e| e.within("taxonomy"))?;
    let mut driver_dimension = vec![None; d];
    let mut dimension_drivers = Vec::with_capacity(spec.taxonomy.dimensions.len());
    for (k, dim) in spec.taxonomy.dimensions.iter().enumerate() {
        let mut drivers = Vec::with_capacity(dim.drivers.len());
        for (j, driver) in dim.drivers.iter().enumerate() {
            match names.get(driver) {
                Some(Name::Driver(i)) if !drivers.contains(i) => {
                    drivers.push(*i);
                    driver_dimension[*i].get_or_insert(k);
                }
                found => {
                    return Err(Error::model(
                        format!("taxonomy.dimensions.{}.drivers[{j}]", dim.name),
                        if matches!(found, Some(Name::Driver(_))) {
                            format!("'{driver}' appears twice")
                        } else {
                            format!("unknown driver '{driver}'")
                        },
                    ))
                }
            }
        }
        dimension_drivers.push(drivers);
    }

    Ok(Compilation {
        spec,
        names,
        driver_measures,
        equations: compiled,
        floors,
        order,
        classifier,
        driver_dimension,
        dimension_drivers,
    })
}

/// Drivers, measures and equations share one namespace: account data and
/// reports refer to all of them by name.
fn collect_names(spec: &ModelSpec) -> Result<Names> {
    if spec.drivers.is_empty() {
        return Err(Error::model("drivers", "needs at least one driver"));
    }
    if spec.drivers.len() > crate::names::MAX_DRIVERS {
        return Err(Error::model(
            "drivers",
            format!(
                "at most {} drivers, got {}",
                crate::names::MAX_DRIVERS,
                spec.drivers.len()
            ),
        ));
    }
    if spec.equations.is_empty() {
        return Err(Error::model("equations", "needs at least one equation"));
    }
    let mut names = Names::default();
    let all = spec
        .drivers
        .iter()
        .enumerate()
        .map(|(i, x)| ("drivers", i, &x.name, Name::Driver(i)))
        .chain(
            spec.measures
                .iter()
                .enumerate()
                .map(|(i, x)| ("measures", i, &x.name, Name::Measure(i))),
        )
        .chain(
            spec.equations
                .iter()
                .enumerate()
                .map(|(i, x)| ("equations", i, &x.name, Name::Equation(i))),
        );
    for (section, i, name, what) in all {
        let at = format!("{section}[{i}].name");
        check_input_name(name).map_err(|e| e.within(&at))?;
        if names.insert(name.clone(), what).is_some() {
            return Err(Error::model(at, format!("'{name}' is already defined")));
        }
    }
    for driver in &spec.drivers {
        driver
            .validate_own_fields()
            .map_err(|e| e.within(&format!("drivers.{}", driver.name)))?;
    }
    Ok(names)
}

/// Each driver's floor: its own, or the model's. The model's must lie
/// below every target it applies to.
fn driver_floors(spec: &ModelSpec) -> Result<Vec<f64>> {
    crate::drivers::check_floor(spec.floor, 1.0).map_err(|e| e.within("floor"))?;
    spec.drivers
        .iter()
        .map(|driver| match driver.floor {
            Some(floor) => Ok(floor),
            None => crate::drivers::check_floor(spec.floor, driver.target)
                .map(|()| spec.floor)
                .map_err(|e| {
                    Error::model(
                        "floor",
                        format!("{} (driver '{}')", e.message(), driver.name),
                    )
                }),
        })
        .collect()
}

/// A topological order of the equations, or the cycle that prevents one.
fn evaluation_order(spec: &ModelSpec, compiled: &[Compiled]) -> Result<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let d = spec.drivers.len();
    let mut marks = vec![Mark::New; compiled.len()];
    let mut order = Vec::with_capacity(compiled.len());
    // Iterative depth-first search; the stack holds (equation, next input).
    for root in 0..compiled.len() {
        if marks[root] != Mark::New {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        marks[root] = Mark::Open;
        while let Some(&mut (k, ref mut next)) = stack.last_mut() {
            let Some(&node) = compiled[k].inputs.get(*next) else {
                marks[k] = Mark::Done;
                order.push(k);
                stack.pop();
                continue;
            };
            let input = *next;
            *next += 1;
            if node < d {
                continue;
            }
            let j = node - d;
            match marks[j] {
                Mark::Done => {}
                Mark::New => {
                    marks[j] = Mark::Open;
                    stack.push((j, 0));
                }
                Mark::Open => {
                    let start = stack.iter().position(|&(s, _)| s == j).unwrap_or(0);
                    let mut cycle: Vec<&str> = stack[start..]
                        .iter()
                        .map(|&(s, _)| spec.equations[s].name.as_str())
                        .collect();
                    cycle.push(&spec.equations[j].name);
                    return Err(Error::model(
                        format!("equations.{}.inputs[{input}].ref", spec.equations[k].name),
                        format!("cycle: {}", cycle.join(" -> ")),
                    ));
                }
            }
        }
    }
    Ok(order)
}

/// Every rung of the ladder is an equation, named once, and each requires
/// the rung beneath it: a stage is reached only with those beneath.
fn validate_ladder(spec: &ModelSpec) -> Result<()> {
    for (i, rung) in spec.ladder.iter().enumerate() {
        let path = format!("ladder[{i}]");
        let Some(eq) = spec.equations.iter().find(|e| &e.name == rung) else {
            return Err(Error::model(path, format!("unknown equation '{rung}'")));
        };
        if spec.ladder[..i].contains(rung) {
            return Err(Error::model(path, format!("'{rung}' appears twice")));
        }
        if let Some(beneath) = i.checked_sub(1).map(|j| &spec.ladder[j]) {
            if !eq
                .inputs
                .iter()
                .any(|x| x.reference == *beneath && x.required)
            {
                return Err(Error::model(
                    path,
                    format!("'{rung}' must require the rung beneath it, '{beneath}'"),
                ));
            }
        }
    }
    Ok(())
}
