//! The sign-up verification question (SPEC §2): a text challenge the server
//! issues, like *Which word from list "carload, exact, assail, portfolio"
//! contains the letter "p"?*. It is plain text, so a screen reader reads it
//! aloud (no image CAPTCHA). Each question is answered once, and is
//! replaced after [`QUESTION_TTL_SECONDS`].

use crate::messages::flows::verification as words;
use rand::Rng;
use rand::seq::IndexedRandom;

/// Whether a word matches the question's letter rule.
type WordTest = Box<dyn Fn(&str) -> bool>;

pub use crate::rules::limits::QUESTION_TTL_SECONDS;

const WORDS_PER_QUESTION: usize = 4;

/// At least 500 plain English words, one a line, lower case, no duplicates.
const WORD_LIST: &str = include_str!("words.txt");

pub fn words() -> Vec<&'static str> {
    WORD_LIST.lines().map(str::trim).filter(|w| !w.is_empty()).collect()
}

/// An issued question and its answer; the answer never leaves the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationQuestion {
    pub text: String,
    pub answer: String,
}

impl VerificationQuestion {
    /// Compares ignoring case and surrounding spaces.
    pub fn is_answered_by(&self, typed: &str) -> bool {
        typed.trim().eq_ignore_ascii_case(&self.answer)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    ContainsLetter,
    StartsWithLetter,
    EndsWithLetter,
    Longest,
    FirstAlphabetically,
    NthWord,
}

const SHAPES: [Shape; 6] = [
    Shape::ContainsLetter,
    Shape::StartsWithLetter,
    Shape::EndsWithLetter,
    Shape::Longest,
    Shape::FirstAlphabetically,
    Shape::NthWord,
];

/// Issues a fresh question. Shapes whose answer would not be unique for the
/// drawn words are drawn again, so every question has exactly one answer.
pub fn issue(rng: &mut impl Rng) -> VerificationQuestion {
    let all = words();
    loop {
        let picked: Vec<&str> = all.choose_multiple(rng, WORDS_PER_QUESTION).copied().collect();
        let shape = *SHAPES.choose(rng).unwrap_or(&Shape::NthWord);
        if let Some(q) = compose(shape, &picked, rng) {
            return q;
        }
    }
}

fn compose(shape: Shape, picked: &[&str], rng: &mut impl Rng) -> Option<VerificationQuestion> {
    let list = picked.join(", ");
    let only = |matches: Vec<&str>| -> Option<String> { (matches.len() == 1).then(|| matches[0].to_string()) };
    let (text, answer) = match shape {
        Shape::ContainsLetter | Shape::StartsWithLetter | Shape::EndsWithLetter => {
            let target = picked.choose(rng)?;
            let letters: Vec<char> = target.chars().collect();
            let letter = *letters.choose(rng)?;
            let (verb, test): (&str, WordTest) = match shape {
                Shape::ContainsLetter => (words::CONTAINS, Box::new(move |w: &str| w.contains(letter))),
                Shape::StartsWithLetter => (words::STARTS_WITH, Box::new(move |w: &str| w.starts_with(letter))),
                _ => (words::ENDS_WITH, Box::new(move |w: &str| w.ends_with(letter))),
            };
            let answer = only(picked.iter().copied().filter(|w| test(w)).collect())?;
            (words::which_word_has_letter(&list, verb, letter), answer)
        }
        Shape::Longest => {
            let max = picked.iter().map(|w| w.len()).max()?;
            let answer = only(picked.iter().copied().filter(|w| w.len() == max).collect())?;
            (words::which_word_is_longest(&list), answer)
        }
        Shape::FirstAlphabetically => {
            let answer = picked.iter().min()?.to_string();
            (words::which_word_comes_first(&list), answer)
        }
        Shape::NthWord => {
            let n = rng.random_range(0..picked.len());
            (words::nth_word(&list, n), picked[n].to_string())
        }
    };
    Some(VerificationQuestion { text, answer })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn the_word_list_is_large_clean_and_distinct() {
        let words = words();
        assert!(words.len() >= 500, "only {} words", words.len());
        let mut sorted = words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), words.len(), "duplicates in words.txt");
        assert!(words.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
    }

    #[test]
    fn the_guide_example_has_one_answer() {
        let mut rng = StdRng::seed_from_u64(1);
        let picked = ["carload", "exact", "assail", "portfolio"];
        // Force the guide's shape and letter by trying seeds until it comes up.
        let q = (0..10_000)
            .find_map(|seed| {
                let mut r = StdRng::seed_from_u64(seed);
                compose(Shape::ContainsLetter, &picked, &mut r).filter(|q| q.text.ends_with("the letter \"p\"?"))
            })
            .expect("the guide's question can be composed");
        assert_eq!(q.text, "Which word from list \"carload, exact, assail, portfolio\" contains the letter \"p\"?");
        assert_eq!(q.answer, "portfolio");
        assert!(q.is_answered_by("  PortFolio "));
        assert!(!q.is_answered_by("carload"));
        let _ = issue(&mut rng);
    }

    #[test]
    fn every_issued_question_has_exactly_one_right_answer_among_its_words() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut shapes_seen = std::collections::BTreeSet::new();
        for _ in 0..2_000 {
            let q = issue(&mut rng);
            let list = q.text.split('"').nth(1).expect("a quoted list");
            let candidates: Vec<&str> = list.split(", ").collect();
            assert_eq!(candidates.len(), WORDS_PER_QUESTION, "{}", q.text);
            let right: Vec<_> = candidates.iter().filter(|w| q.is_answered_by(w)).collect();
            assert_eq!(right.len(), 1, "{} → {}", q.text, q.answer);
            let shape = q.text.split(&list).nth(1).unwrap_or_default().split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            shapes_seen.insert(if q.text.starts_with("What is the") { "nth".to_string() } else { shape });
        }
        assert!(shapes_seen.len() >= 5, "too few shapes: {shapes_seen:?}");
    }
}
