//! Text into words: the words as they stand, their lowercase stems.

/// The words of a text as they stand in it: runs of letters, digits and
/// apostrophes with at least one letter or digit.
pub(super) fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| w.bytes().any(|b| b != b'\''))
}

/// A word as it is shown and stemmed: lowercase, its apostrophes dropped.
pub(super) fn surface(raw: &str) -> String {
    let mut out = String::new();
    push_surface(raw, &mut out);
    out
}

/// [`surface`] added to the end of `out`.
pub(super) fn push_surface(raw: &str, out: &mut String) {
    if raw.is_ascii() {
        // Most words: no allocation.
        out.extend(
            raw.bytes()
                .filter(|&b| b != b'\'')
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        out.push_str(&lowercase(&raw.replace('\'', "")));
    }
}

/// The words of a text: (surface form, stem).
pub(super) fn stems(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    raw_words(text).map(|raw| {
        let word = surface(raw);
        let s = stem(&word);
        (word, s)
    })
}

/// `word.to_lowercase()`, character by character, with a capital sigma at
/// the end of a word after a letter written as the final `ς`: the same as
/// `str::to_lowercase` on a word. Not calling that keeps its panic path
/// (and the string formatting it links) out of the WebAssembly module.
pub(super) fn lowercase(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out: String = word.chars().flat_map(char::to_lowercase).collect();
    let mut chars = word.chars().rev();
    if chars.next() == Some('Σ') && chars.next().is_some_and(char::is_alphabetic) {
        out.pop();
        out.push('ς');
    }
    out
}

/// A light suffix stripper, so that `sponsors`, `crashing` and `delayed`
/// meet `sponsor`, `crash` and `delay`. Text and vocabulary go through the
/// same function, so its rough edges cancel out.
pub(super) fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// [`stem`] into `out`, which is cleared first (one buffer serves a whole text).
pub(super) fn stem_into(word: &str, out: &mut String) {
    out.clear();
    let n = word.chars().count();
    // `strip_suffix` rather than slicing: the same result (the suffix is
    // there, checked first) without a panic path to link.
    let strip = |suffix: &str| word.strip_suffix(suffix).unwrap_or(word);
    if n > 4 && word.ends_with("ies") {
        out.push_str(strip("ies"));
        out.push('y');
    } else if n > 5 && word.ends_with("ing") {
        out.push_str(strip("ing"));
    } else if n > 4 && word.ends_with("ed") && !word.ends_with("eed") {
        out.push_str(strip("ed"));
    } else if n > 4
        && ["ches", "shes", "xes", "sses"]
            .iter()
            .any(|s| word.ends_with(s))
    {
        out.push_str(strip("es"));
    } else if n > 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|s| word.ends_with(s))
    {
        out.push_str(drop_final_e(strip("s")));
    } else {
        out.push_str(drop_final_e(word));
    }
}

/// `mandate` meets `mandated` (`mandat`), `release` meets `released`.
pub(super) fn drop_final_e(word: &str) -> &str {
    if word.chars().count() > 4 && word.ends_with('e') && !word.ends_with("ee") {
        word.strip_suffix('e').unwrap_or(word)
    } else {
        word
    }
}
