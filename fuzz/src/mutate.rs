//! Mutations of fuzz inputs: bit flips, byte changes, insertions of a target's words, cuts,
//! copies and splices with another input. Deterministic for a given seed.

/// A small, fast generator (xorshift64*); the same seed gives the same mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }
}

/// The longest input made: inputs stay small so that each run is quick.
pub const MAX_LEN: usize = 64 * 1024;

/// Bytes that change the meaning of text in most formats.
const SPECIAL: &[u8] = b"\x00\x1b\x7f\xff\xc2\x9b\"\\,;:{}[]\n\r\t -.0123456789eE+";

/// `input` changed by one to eight mutations; `other` is another input of the corpus, for
/// splicing, and `tokens` the target's words.
pub fn mutate(input: &[u8], other: &[u8], tokens: &[&str], rng: &mut Rng) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = v.len();
        let at = rng.below(len + 1);
        match rng.below(11) {
            0 if len > 0 => v[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => v[at.min(len - 1)] = rng.next_u64() as u8,
            2 if len > 0 => v[at.min(len - 1)] = SPECIAL[rng.below(SPECIAL.len())],
            3 => v.insert(at, SPECIAL[rng.below(SPECIAL.len())]),
            4 | 5 if !tokens.is_empty() => {
                let t = tokens[rng.below(tokens.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            6 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                v.drain(at.min(end)..end);
            }
            7 if len > 0 => {
                // a copy of a piece elsewhere: repeated records, nested brackets
                let from = rng.below(len);
                let n = (1 + rng.below(64)).min(len - from);
                let piece = v[from..from + n].to_vec();
                v.splice(at..at, piece);
            }
            8 if !other.is_empty() => {
                // the head of this input and the tail of another
                let from = rng.below(other.len());
                v.truncate(at);
                v.extend_from_slice(&other[from..]);
            }
            9 if len > 0 => v.truncate(at),
            10 if len > 0 => {
                // a number replaced by an extreme one
                let extreme: &[&str] = &["0", "-1", "65535", "4294967295", "18446744073709551616", "1e308", "-0.0"];
                let t = extreme[rng.below(extreme.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            _ => v.push(rng.next_u64() as u8),
        }
    }
    v.truncate(MAX_LEN);
    v
}
