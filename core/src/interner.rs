//! Distinct names, each held once, found by a compact hash table: a
//! history of 10^6 accounts names each on every row, and a map from
//! each name to its position would hold every name twice and cost 100 MB.

/// An empty slot of the table.
const EMPTY: u32 = u32::MAX;

/// Names in the order first seen, with a table of their positions
/// (open addressing, at most half full).
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    names: Vec<String>,
    slots: Vec<u32>,
}

impl Interner {
    /// The names, in the order first seen.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// `name`'s position, added when new.
    pub(crate) fn intern(&mut self, name: &str) -> u32 {
        if 2 * (self.names.len() + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = hash(name) as usize & mask;
        loop {
            match self.slots[at] {
                EMPTY => {
                    let i = self.names.len() as u32;
                    self.names.push(name.to_string());
                    self.slots[at] = i;
                    return i;
                }
                i if self.names[i as usize] == name => return i,
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Doubles the table and places every name again.
    fn grow(&mut self) {
        let size = (2 * self.slots.len()).max(16);
        self.slots = vec![EMPTY; size];
        let mask = size - 1;
        for (i, name) in self.names.iter().enumerate() {
            let mut at = hash(name) as usize & mask;
            while self.slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = i as u32;
        }
    }
}

/// FNV-1a over the bytes, then mixed (ids that differ in their last
/// characters spread over the whole table).
fn hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::Interner;

    #[test]
    fn each_name_is_held_once_at_its_first_position() {
        let mut names = Interner::default();
        let ids: Vec<String> = (0..5000).map(|i| format!("A{:07}", i % 1000)).collect();
        let positions: Vec<u32> = ids.iter().map(|id| names.intern(id)).collect();
        assert_eq!(names.names().len(), 1000);
        for (id, &p) in ids.iter().zip(&positions) {
            assert_eq!(&names.names()[p as usize], id);
        }
        assert_eq!(positions[..1000], (0..1000).collect::<Vec<u32>>()[..]);
        assert_eq!(names.intern(""), 1000);
        assert_eq!(names.intern(""), 1000);
    }
}
