//! Model loading: any text is a model or an error naming where it is wrong
//! (never a panic), and a model written out reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valuevector::Model;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(model) = Model::from_json(text) else {
        return;
    };
    let written = valuevector::io::to_json(model.spec(), valuevector::io::Naming::Snake);
    let again = Model::from_json(&written)
        .unwrap_or_else(|e| panic!("a model written out does not read back: {e}\n{written}"));
    assert_eq!(again.spec(), model.spec(), "{written}");
    // Scoring the model customer and an empty account never fails.
    let mut customer = valuevector::Account::new();
    for (name, target) in model
        .drivers()
        .zip(model.spec().drivers.iter().map(|d| d.target))
    {
        customer.values.insert(name.to_string(), target);
    }
    model.score(&customer).expect("the model customer scores");
    model
        .score(&valuevector::Account::new())
        .expect("an empty account scores");
});
