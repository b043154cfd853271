//! Tests of the prefilter: every rule against brute force or the straightforward way.

use super::stream::{IDENTITY, compact_table};
use super::verify::{self, Sides};
use super::*;
use crate::normalize::normalize;

/// The stream read from `original` as it folds, if it can be: (bytes, positions, ends).
type Stream = (Vec<u8>, Vec<u32>, Vec<bool>);

fn stream_from_original(original: &str) -> Option<Stream> {
    let mut scratch = Scratch::default();
    static READER: std::sync::OnceLock<OriginalReader> = std::sync::OnceLock::new();
    let reader = READER.get_or_init(|| OriginalReader::new(&IDENTITY));
    if !scratch.build_stream_from_original(original, reader) {
        return None;
    }
    // Each byte's offset as a candidate would get it, through the checkpoints.
    let positions = (0..scratch.bytes.len())
        .map(|index| {
            let at = scratch.original_offset(original, reader, index);
            at.expect("every byte of the stream has a character") as u32
        })
        .collect();
    assert_eq!(
        scratch.original_offset(original, reader, scratch.bytes.len()),
        None
    );
    Some((scratch.bytes, positions, scratch.ends))
}

/// The stream of the folded text, with the original offset each byte's character comes
/// from.
fn stream_of_folded(original: &str) -> Stream {
    let mut scratch = Scratch::default();
    let folded = normalize(original);
    scratch.build_stream(&folded.text, &IDENTITY);
    let origins = scratch
        .positions
        .iter()
        .map(|&at| folded.original_offset(at as usize) as u32)
        .collect();
    (scratch.bytes, origins, scratch.ends)
}

/// Reading the stream from the original gives the stream of the folded text, at the
/// original offsets of its characters, whenever it does not leave the text to the
/// normaliser.
fn assert_original_stream_agrees(original: &str) -> bool {
    match stream_from_original(original) {
        Some(stream) => {
            assert_eq!(stream, stream_of_folded(original), "on {original:?}");
            true
        }
        None => false,
    }
}

#[test]
fn offsets_past_a_checkpoint_read_on_as_the_stream_was_read() {
    // Candidates' offsets are counted on from every 16th byte of the stream: what follows
    // that byte's letter (harakat, a separator, a removed character, a three-byte
    // character) must count as the stream counted it. Each text puts every kind of
    // neighbour after every letter, at every phase against the runs.
    let clusters = [
        "بَ", "بّاً", "ة", " ", "ـ", "\u{200F}", "؛ ", "…", "x", "٥", "أُ", "\u{201C}",
    ];
    for phase in 0..clusters.len() {
        let mut text = String::new();
        for round in 0..400 {
            text.push_str(clusters[(round * 7 + phase) % clusters.len()]);
        }
        assert!(
            assert_original_stream_agrees(&text),
            "read from the original"
        );
        assert!(stream_from_original(&text).is_some_and(|(bytes, _, _)| bytes.len() > 200));
    }
}

#[test]
fn the_stream_read_from_the_original_is_the_stream_of_the_folded_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut articles = 0;
    for dir in ["corpus", "tests/data/english/corpus"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert!(
                assert_original_stream_agrees(&text),
                "a bundled article needs the normaliser"
            );
            articles += 1;
        }
    }
    assert!(articles >= 5);
    // Diacritics (on tatweel too), hamza, ta marbuta, digits, bidi marks, `…`, capitals.
    for text in [
        "قَالَ بُوتِينُ إنّ ٥ ملايين قذيفة مدفعيّة ١٩ حزيران/يونيو ٢٠٢٤",
        "مـــدفعيـَّـة \u{200F}٥ ملايين… أكثر من ۴۰ ألف",
        "Putin's visit: 5,000 shells — ISTANBUL, 19 June 2024",
    ] {
        assert!(assert_original_stream_agrees(text), "{text:?}");
    }
    // Left to the normaliser: a mark with no carrier, a composing hamza, a ligature.
    for text in ["\u{064E}قال", "ه\u{0654}", "e\u{0301}", "ﻻ", "½", "ﷺ"] {
        assert!(!assert_original_stream_agrees(text), "{text:?}");
    }
}

#[test]
fn every_common_character_reads_from_the_original_as_it_folds() {
    let befores = ["", "ب", "a", " ", "ـ", "٥", "\u{200F}"];
    let afters = [
        "",
        "ب",
        "\u{064E}",
        "\u{0651}\u{064F}",
        "a",
        " ",
        "\u{0301}",
    ];
    let mut text = String::new();
    for code in (0..0x0800u32).chain(0x2000..0x2070) {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        for before in befores {
            for after in afters {
                text.clear();
                text.push_str(before);
                text.push(c);
                text.push_str(after);
                assert_original_stream_agrees(&text);
            }
        }
    }
}

#[test]
fn every_pair_of_arabic_characters_reads_from_the_original_as_it_folds() {
    let mut text = String::new();
    for first in '\u{0600}'..='\u{06FF}' {
        for second in '\u{0600}'..='\u{06FF}' {
            text.clear();
            text.push(first);
            text.push(second);
            text.push('\u{064E}');
            assert_original_stream_agrees(&text);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_reads_from_the_original_as_it_folds(
        chars in proptest::collection::vec(
            proptest::prop_oneof![
                4 => proptest::sample::select(&[
                    'ا', 'أ', 'إ', 'آ', 'ب', 'ة', 'ى', 'ي', 'ـ', 'ه', 'و', 'ؤ', 'ئ', 'ء',
                    '\u{064B}', '\u{064E}', '\u{0651}', '\u{0652}', '\u{0653}', '\u{0654}',
                    '\u{0670}', '٥', '۴', '٫', '٬', '٪', ' ', '\n', '.', ',', '-', '…',
                    '\u{200B}', '\u{200F}', '\u{2066}', 'A', 'i', 'İ', 'ß', '5', '\u{0301}',
                ][..]),
                1 => proptest::prelude::any::<char>(),
            ],
            0..24,
        )
    ) {
        let text: String = chars.into_iter().collect();
        assert_original_stream_agrees(&text);
    }
}

#[test]
fn lanes_find_the_piece_ends_one_run_finds() {
    // Pieces over a four-letter alphabet, so they occur often and overlap; streams of
    // every length around the size where lanes start, and long ones.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    for round in 0..200 {
        let pieces: Vec<Vec<u8>> = (0..1 + next(12))
            .map(|_| (0..2 + next(5)).map(|_| next(4) as u8).collect())
            .collect();
        let longest = pieces.iter().map(Vec::len).max().unwrap();
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored)
            .build(&pieces)
            .unwrap();
        let start = dfa.start_state(Anchored::No).unwrap();
        let length = if round % 2 == 0 {
            LANES * MIN_LANE_BYTES - 3 + next(8)
        } else {
            next(5000)
        };
        let stream: Vec<u8> = (0..length).map(|_| next(4) as u8).collect();
        let mut single = Vec::new();
        let mut state = start;
        for (at, &byte) in stream.iter().enumerate() {
            state = dfa.next_state(Anchored::No, state, byte);
            if dfa.is_match(state) {
                single.push((at + 1, state));
            }
        }
        let mut lanes: [Vec<(usize, StateID)>; LANES] = Default::default();
        let mut found = Vec::new();
        find_piece_ends(&dfa, start, &stream, longest - 1, &mut lanes, &mut found);
        assert_eq!(found, single, "round {round}, {length} bytes");
    }
}

#[test]
fn stream_keeps_word_characters_in_order() {
    let folded = "قال: بيونغ-يانغ، 5,000 ﷺ ok é\u{0301}x";
    let mut scratch = Scratch::default();
    scratch.build_stream(folded, &IDENTITY);
    let expected: Vec<(u8, u32)> = folded
        .char_indices()
        .filter(|&(_, c)| is_word_char(c))
        .map(|(at, c)| (compact(c), at as u32))
        .collect();
    let found: Vec<(u8, u32)> = scratch
        .bytes
        .iter()
        .copied()
        .zip(scratch.positions.iter().copied())
        .collect();
    assert_eq!(found, expected);
    // A word can end with a stream byte when the next character is no word character.
    let ends: Vec<bool> = folded
        .char_indices()
        .filter(|&(_, c)| is_word_char(c))
        .map(|(at, c)| {
            folded[at + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(|next| !is_word_char(next))
        })
        .collect();
    assert_eq!(scratch.ends, ends);
    // Every word of the segmenter ends with one of them.
    let words = crate::segment::words(folded, 0..folded.len());
    for word in words {
        let last = scratch
            .positions
            .iter()
            .rposition(|&p| (p as usize) < word.end)
            .unwrap();
        assert!(scratch.ends[last], "{:?}", &folded[word]);
    }
}

#[test]
fn compact_table_agrees_with_the_word_test() {
    assert!(is_word_char('ق') && is_word_char('\u{064E}') && is_word_char('٥'));
    assert!(!is_word_char(',') && !is_word_char('،') && !is_word_char('\u{200F}'));
    let table = compact_table();
    for code in 0..0x800u32 {
        let c = char::from_u32(code).unwrap_or('\0');
        let expected = if is_word_char(c) { compact(c) } else { 0 };
        assert_eq!(table[code as usize], expected, "U+{code:04X}");
    }
}

/// Edit distance by the textbook dynamic programme.
fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, &y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[test]
fn verification_is_exact_and_its_span_holds_every_match() {
    // Random needles, a piece of each planted in random text with random edits around
    // it, random places where words end; `Sides` against every (start, end) by brute
    // force. A small alphabet makes near matches common, a larger one makes most
    // occurrences fail early.
    let alphabets: [&[u8]; 2] = [b"abcd", b"abcdefghijkl"];
    let mut random = crate::test_random::TestRandom::new(5);
    let mut next = |bound: usize| random.below(bound);
    let mut matched = 0;
    let mut turned_away = 0;
    for round in 0..4000 {
        let alphabet = alphabets[round % 2];
        let letters = alphabet.len();
        let needle: Vec<u8> = (0..2 + next(20)).map(|_| alphabet[next(letters)]).collect();
        let budget = next(6);
        let piece_start = next(needle.len() - 1);
        let piece_end = piece_start + 1 + next(needle.len() - piece_start - 1).min(3);
        let piece = &needle[piece_start..piece_end];
        // Text: a mutated copy of the needle's left side, the piece, a mutated right side,
        // in random surroundings.
        let mut mutate = |part: &[u8]| -> Vec<u8> {
            let mut out: Vec<u8> = Vec::new();
            for &byte in part {
                match next(6) {
                    0 => {}
                    1 => out.push(alphabet[next(letters)]),
                    2 => {
                        out.push(byte);
                        out.push(alphabet[next(letters)]);
                    }
                    _ => out.push(byte),
                }
            }
            out
        };
        let left = mutate(&needle[..piece_start]);
        let right = mutate(&needle[piece_end..]);
        let mut text: Vec<u8> = (0..next(5)).map(|_| alphabet[next(letters)]).collect();
        text.extend(&left);
        let start = text.len();
        text.extend(piece);
        let end = text.len();
        text.extend(&right);
        text.extend((0..next(5)).map(|_| alphabet[next(letters)]));
        // Every byte ends a word in a third of the rounds; otherwise one in three.
        let every = round % 3 == 0;
        let ends: Vec<bool> = (0..text.len()).map(|_| every || next(3) == 0).collect();

        let mut present = [false; 256];
        for &byte in &needle {
            present[usize::from(byte)] = true;
        }
        let (classes, class_count) = byte_classes(&present);
        let rows = match_rows(std::slice::from_ref(&needle), &classes, class_count);
        let class_text: Vec<u8> = text.iter().map(|&b| classes[usize::from(b)]).collect();
        let sides = Sides {
            rows: &rows[..class_count],
            stream: &class_text,
            start,
            end,
            before: piece_start,
            after: needle.len() - piece_end,
            shift: piece_end,
            ends: &ends,
            stem_ends: None,
        };
        let found = sides.span(budget);
        assert_eq!(sides.passes(budget), found.is_some());
        // The quick test on pairs of neighbouring bytes never turns away an occurrence that
        // passes (and turns away some that fail).
        let before_text = &class_text[start.saturating_sub(piece_start + budget)..start];
        let after_end = (end + needle.len() - piece_end + budget).min(class_text.len());
        let class_needle: Vec<u8> = needle.iter().map(|&b| classes[usize::from(b)]).collect();
        let pairs_allow = enough_pairs(
            [
                (
                    before_text,
                    pair_set(class_needle[..piece_start].iter().copied()),
                    piece_start,
                ),
                (
                    &class_text[end..after_end],
                    pair_set(class_needle[piece_end..].iter().copied()),
                    needle.len() - piece_end,
                ),
            ],
            budget,
        );
        assert!(
            pairs_allow || found.is_none(),
            "{needle:?} {text:?} {start} {budget}"
        );
        turned_away += usize::from(!pairs_allow);
        let may_end = |e: usize| e > 0 && ends[e - 1];
        // Every (s, e) around the piece within the budget, e where a word ends.
        let mut matches = Vec::new();
        for s in 0..=start {
            for e in (end..=text.len()).filter(|&e| may_end(e)) {
                let cost = levenshtein(&text[s..start], &needle[..piece_start])
                    + levenshtein(&text[end..e], &needle[piece_end..]);
                if cost <= budget {
                    matches.push((s, e));
                }
            }
        }
        match found {
            None => assert!(matches.is_empty(), "{needle:?} {text:?} {start} {budget}"),
            Some((span_start, span_end)) => {
                assert!(!matches.is_empty(), "{needle:?} {text:?} {start} {budget}");
                matched += 1;
                assert!(span_start <= start && span_end >= end);
                for &(s, e) in &matches {
                    assert!(s <= span_start && e >= span_end, "{needle:?} {text:?}");
                }
                // The span is as tight as the matches allow.
                assert!(matches.iter().any(|&(s, _)| s == span_start));
                assert!(matches.iter().any(|&(_, e)| e == span_end));
            }
        }
        // The cost of each side alone, against brute force.
        let best_before = (0..=start)
            .map(|s| levenshtein(&text[s..start], &needle[..piece_start]))
            .min()
            .unwrap();
        let best_after = (end..=text.len())
            .filter(|&e| may_end(e))
            .map(|e| levenshtein(&text[end..e], &needle[piece_end..]))
            .min()
            .unwrap_or(usize::MAX);
        assert_eq!(
            sides.before_cost(budget),
            (best_before <= budget).then_some(best_before)
        );
        assert_eq!(
            sides.after_cost(budget),
            (best_after <= budget).then_some(best_after)
        );
        // The finer test, against brute force: some (s, e) within the budget where a window
        // can start (a word start, or up to four proclitic letters after one) whose cost the
        // threshold allows for its spelling's length (word characters plus one for each
        // place inside where a word ends).
        let threshold = [0.6, 0.7, 0.8, 0.85, 0.9][next(5)];
        let longest = needle.len() + next(4);
        // Every letter may be a proclitic in a quarter of the rounds, so that stripping all
        // four letters a first word can lose is tried often.
        let mut proclitic = [false; 256];
        for slot in proclitic.iter_mut().take(class_count).skip(1) {
            *slot = round % 4 == 1 || next(3) == 0;
        }
        let word_start = |at: usize| at == 0 || ends[at - 1];
        let may_start = |s: usize| {
            (0..=4).any(|stripped| {
                s >= stripped
                    && word_start(s - stripped)
                    && (s - stripped..s).all(|at| {
                        proclitic[usize::from(class_text[at])]
                            && (at == s - stripped || !ends[at - 1])
                    })
            })
        };
        let scores = matches.iter().any(|&(s, e)| {
            let cost = levenshtein(&text[s..start], &needle[..piece_start])
                + levenshtein(&text[end..e], &needle[piece_end..]);
            let inside = (s..e - 1).filter(|&at| ends[at]).count();
            let allowed = ((1.0 - threshold) * ((e - s + inside).max(longest)) as f64 + 1e-6)
                .floor() as usize;
            may_start(s) && cost <= allowed
        });
        assert_eq!(
            sides.may_score(
                budget,
                threshold,
                longest,
                &verify::Proclitics {
                    classes: Box::new(proclitic),
                    longest: 4,
                }
            ),
            scores,
            "{needle:?} {text:?} {start} {budget} {threshold} {longest}"
        );
    }
    assert!(matched > 300, "{matched}");
    assert!(turned_away > 300, "{turned_away}");
}

#[test]
fn compact_codes_keep_arabic_letters_apart() {
    let letters: Vec<u8> = ('\u{0621}'..='\u{064A}').map(compact).collect();
    let mut distinct = letters.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), letters.len());
    assert!(letters.iter().all(|&b| b >= 0x80));
    assert_eq!(compact('a'), b'a');
    assert_eq!(compact('7'), b'7');
}

#[test]
fn edit_budget_follows_the_threshold() {
    // 12 letters at 0.85: 0.15 × 12 / 0.85 = 2.1.
    assert_eq!(max_edits(0.85, 12), Some(2));
    assert_eq!(max_edits(0.85, 5), Some(0));
    assert_eq!(max_edits(1.0, 40), Some(0));
    assert_eq!(max_edits(0.5, 10), Some(10));
    assert_eq!(max_edits(0.0, 10), None);
    assert_eq!(max_edits(f64::NAN, 10), None);
}

#[test]
fn needles_are_word_characters_cut_into_budget_plus_one_pieces() {
    // Literal: an anchor that inflects also has the spelling without its final `ة`.
    let phrase = Phrase::with_inflection("قذيفة مدفعية", false).unwrap();
    let claim = ClaimPhrases {
        phrases: std::slice::from_ref(&phrase),
        threshold: 0.85,
    };
    let families = families_of(&claim, &PieceStats::new(None, &[])).unwrap();
    // One spelling once spaces are gone ("قذيفه مدفعيه" and "قذيفهمدفعيه"), 12
    // characters spaced: budget 2, three pieces.
    assert_eq!(families.len(), 1);
    let family = &families[0];
    assert_eq!(family.members.len(), 1);
    let expected: Vec<u8> = "قذيفهمدفعيه".chars().map(compact).collect();
    assert_eq!(family.members[0].bytes, expected);
    assert_eq!(family.budget, 2);
    assert_eq!(family.pieces.len(), 3);
    assert_eq!(
        family
            .pieces
            .iter()
            .flat_map(|(_, p)| p.clone())
            .collect::<Vec<u8>>(),
        expected
    );
    // Inflecting, the spelling without the final `ة` (for `قذيفة مدفعيات`) is a needle too.
    let phrase = Phrase::new("قذيفة مدفعية").unwrap();
    let needles = needles_of(&ClaimPhrases {
        phrases: std::slice::from_ref(&phrase),
        threshold: 0.85,
    })
    .unwrap();
    let dropped: Vec<u8> = "قذيفهمدفعي".chars().map(compact).collect();
    assert_eq!(needles.len(), 2);
    assert!(needles.iter().any(|n| n.bytes == dropped));
    // Word punctuation is never inside a needle.
    let phrase = Phrase::new("5,000,000 shells").unwrap();
    let needles = needles_of(&ClaimPhrases {
        phrases: std::slice::from_ref(&phrase),
        threshold: 0.85,
    })
    .unwrap();
    assert!(needles.iter().all(|n| !n.bytes.contains(&b',')));
    // Too short for the budget: unfiltered.
    let phrase = Phrase::new("ab").unwrap();
    assert!(
        families_of(
            &ClaimPhrases {
                phrases: std::slice::from_ref(&phrase),
                threshold: 0.3,
            },
            &PieceStats::new(None, &[]),
        )
        .is_none()
    );
}

#[test]
fn spellings_with_and_without_a_proclitic_share_pieces() {
    // "والقمة" and "القمة", the stems "القمه" and "قمه": one family, based on the
    // shortest, whose pieces are pieces of every member.
    let phrases = [
        Phrase::new("والقمة الثلاثية").unwrap(),
        Phrase::new("القمة الثلاثية").unwrap(),
    ];
    let claim = ClaimPhrases {
        phrases: &phrases,
        threshold: 0.85,
    };
    let families = families_of(&claim, &PieceStats::new(None, &[])).unwrap();
    let members: usize = families.iter().map(|f| f.members.len()).sum();
    assert_eq!(members, needles_of(&claim).unwrap().len());
    assert!(families.len() < members, "{}", families.len());
    for family in &families {
        let base = &family.members[0].bytes;
        for member in &family.members {
            assert!(member.bytes.ends_with(base));
            assert!(member.budget <= family.budget);
        }
        assert_eq!(family.pieces.len(), family.budget + 1);
        for (offset, piece) in &family.pieces {
            assert_eq!(&base[*offset..*offset + piece.len()], piece.as_slice());
        }
    }
}

#[test]
fn finds_pieces_across_word_separators() {
    // The joined anchor meets the split spelling: its pieces span the space in the text.
    let phrase = Phrase::new("بيونغيانغ").unwrap();
    let prefilter = Prefilter::new(&[ClaimPhrases {
        phrases: std::slice::from_ref(&phrase),
        threshold: 0.85,
    }]);
    let text = "وصل إلى بيونغ، يانغ فجرا";
    let mut found = Vec::new();
    prefilter.candidates(text, &mut Scratch::default(), &mut found);
    assert!(!found.is_empty());
    // Every candidate spans from inside the first word to inside the second (one edit
    // allowed: the first or last letter may be missing).
    let first_word = text.find("بيونغ").unwrap()..text.find("،").unwrap();
    let second_word = text.find("يانغ").unwrap()..text.find(" فجرا").unwrap();
    for candidate in &found {
        assert!(first_word.contains(&candidate.first), "{candidate:?}");
        assert!(second_word.contains(&candidate.last), "{candidate:?}");
    }
    // Nothing in a text without the name.
    found.clear();
    prefilter.candidates("وصل إلى موسكو فجرا", &mut Scratch::default(), &mut found);
    assert!(found.is_empty());
}

#[test]
fn the_span_covers_the_whole_match() {
    // Whichever piece is found, the candidate spans the whole name but for the two edits
    // the budget allows at its ends: at least the whole middle word, more than any piece.
    let phrase = Phrase::new("كيم جونغ أون").unwrap();
    let prefilter = Prefilter::new(&[ClaimPhrases {
        phrases: std::slice::from_ref(&phrase),
        threshold: 0.85,
    }]);
    let text = normalize("وقع فلاديمير بوتين وكيم جونغ اون اتفاقا").text;
    let mut found = Vec::new();
    prefilter.candidates(&text, &mut Scratch::default(), &mut found);
    assert!(!found.is_empty());
    for candidate in &found {
        let middle = text.find("جونغ").unwrap();
        assert!(candidate.first <= middle);
        assert!(candidate.last >= middle + "جون".len());
        assert!(candidate.first > text.find("بوتين").unwrap());
        assert!(candidate.last < text.find("اتفاقا").unwrap());
    }
}

#[test]
fn dfa_and_nfa_find_the_same_candidates() {
    let anchors = [
        "كيم جونغ أون",
        "بيونغ يانغ",
        "الرئيس الروسي",
        "حفل الترحيب",
        "مستوى جديد",
        "Jannah Theme",
    ];
    let phrases: Vec<Phrase> = anchors.iter().filter_map(|a| Phrase::new(a)).collect();
    let claims: Vec<ClaimPhrases<'_>> = phrases
        .chunks(2)
        .zip([0.8, 0.85, 0.9])
        .map(|(phrases, threshold)| ClaimPhrases { phrases, threshold })
        .collect();
    let with_dfa = Prefilter::build(&claims, None, true);
    let with_nfa = Prefilter::build(&claims, None, false);
    assert!(matches!(with_dfa.automaton, Some(Finder::Dfa(..))));
    assert!(matches!(with_nfa.automaton, Some(Finder::Nfa(_))));
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut total = 0;
    for name in ["000_195537198d3ed82c.txt", "004_8cffb8be076c88e1.txt"] {
        let text = normalize(&std::fs::read_to_string(corpus.join(name)).unwrap()).text;
        let (mut dfa_found, mut nfa_found) = (Vec::new(), Vec::new());
        with_dfa.candidates(&text, &mut Scratch::default(), &mut dfa_found);
        with_nfa.candidates(&text, &mut Scratch::default(), &mut nfa_found);
        dfa_found.sort_unstable();
        nfa_found.sort_unstable();
        assert_eq!(dfa_found, nfa_found, "{name}");
        total += dfa_found.len();
    }
    assert!(total > 10, "{total}");
}

#[test]
fn needles_too_long_to_verify_pass_with_the_piece_as_span() {
    // 70 letters: no bit-parallel verification, every piece occurrence is a candidate.
    let long = "the chief executive of the combined company will be announced in june";
    let phrase = Phrase::new(long).unwrap();
    let prefilter = Prefilter::new(&[ClaimPhrases {
        phrases: std::slice::from_ref(&phrase),
        threshold: 0.85,
    }]);
    let text = normalize(&format!("Reuters said {long} after the vote.")).text;
    let mut found = Vec::new();
    prefilter.candidates(&text, &mut Scratch::default(), &mut found);
    assert!(!found.is_empty());
    let span = text.find("the chief").unwrap()..text.find(" after").unwrap();
    for candidate in &found {
        assert!(span.contains(&candidate.first) && span.contains(&candidate.last));
    }
    // A text without the phrase's pieces gives nothing.
    found.clear();
    prefilter.candidates("nothing to see", &mut Scratch::default(), &mut found);
    assert!(found.is_empty());
}

#[test]
fn piece_estimates_follow_the_sample_and_else_the_letters() {
    let code = |text: &str| -> Vec<u8> { text.chars().map(compact).collect() };
    // No sample: letters frequent in the anchors make frequent pieces; longer pieces are
    // rarer; an empty sample is no sample.
    let fallback = code("الاتفاق الالتزام الاستقلال ظظ");
    for stats in [
        PieceStats::new(None, &fallback),
        PieceStats::new(Some(""), &fallback),
    ] {
        assert!(stats.expected(&code("ال")) > stats.expected(&code("ظظ")));
        assert!(stats.expected(&code("ال")) > stats.expected(&code("الت")));
    }
    // A sample decides: a piece it holds often is common, one it lacks is rare.
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let sample =
        normalize(&std::fs::read_to_string(corpus.join("004_8cffb8be076c88e1.txt")).unwrap()).text;
    let stats = PieceStats::new(Some(&sample), &[]);
    assert!(stats.expected(&code("بوتين")) > 2.0 * stats.expected(&code("بوتيم")));
    assert!(stats.expected(&code("ال")) > stats.expected(&code("بوتين")));
}

#[test]
fn low_thresholds_leave_the_claim_unfiltered() {
    let phrase = Phrase::new("كيم").unwrap();
    let prefilter = Prefilter::new(&[
        ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.3,
        },
        ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        },
    ]);
    assert!(prefilter.is_unfiltered(0));
    assert!(!prefilter.is_unfiltered(1));
    assert!(prefilter.any_unfiltered());
    let filtered = Prefilter::new(&[ClaimPhrases {
        phrases: std::slice::from_ref(&phrase),
        threshold: 0.85,
    }]);
    assert!(!filtered.any_unfiltered());
    assert!(prefilter.is_unfiltered(2));
}

#[test]
fn loose_anchors_say_which_anchor_and_from_what_threshold() {
    // 12 characters, 11 letters: at 0.6 the budget is 8 edits, 9 pieces that would be single
    // letters; from 0.71 it is 4 edits, 5 pieces of two letters (at 0.70, 5 edits: 12 > 11).
    // Below about 0.7 no anchor can be cut: pieces are then shorter than two letters.
    let phrases = [
        Phrase::new("قذائف مدفعية").unwrap(),
        Phrase::new("North Korea artillery shells").unwrap(),
    ];
    let claim = ClaimPhrases {
        phrases: &phrases,
        threshold: 0.6,
    };
    assert_eq!(
        loose_anchors(&claim),
        vec![
            LooseAnchor {
                phrase: 0,
                edits: Some(8),
                fast_from: Some(0.71),
            },
            // 28 characters, 25 letters: 18 edits; 11 from 0.71 (12 at 0.70).
            LooseAnchor {
                phrase: 1,
                edits: Some(18),
                fast_from: Some(0.71),
            }
        ]
    );
    let claim = ClaimPhrases {
        phrases: &phrases,
        threshold: 0.71,
    };
    assert!(loose_anchors(&claim).is_empty());
    // Unbounded at threshold 0; a single letter or digit can never be cut.
    let short = [Phrase::new("5").unwrap()];
    let claim = ClaimPhrases {
        phrases: &short,
        threshold: 0.0,
    };
    assert_eq!(
        loose_anchors(&claim),
        vec![LooseAnchor {
            phrase: 0,
            edits: None,
            fast_from: None,
        }]
    );
    // At the default threshold, an ordinary anchor is looked up by pieces.
    let claim = ClaimPhrases {
        phrases: &phrases,
        threshold: 0.85,
    };
    assert!(loose_anchors(&claim).is_empty());
}

#[test]
fn loose_anchors_are_exactly_what_leaves_a_claim_unfiltered() {
    let words = [
        "كيم",
        "قذائف",
        "مدفعية",
        "والقمة",
        "بوتين",
        "ب",
        "5",
        "Kim",
        "shells",
        "North",
        "x",
        "٢٠٢٤",
        "لل",
    ];
    let mut random = crate::test_random::TestRandom::new(0x1005e);
    for _ in 0..400 {
        let anchors: Vec<Phrase> = (0..1 + random.below(3))
            .filter_map(|_| {
                let count = 1 + random.below(3);
                let text: Vec<&str> = (0..count)
                    .map(|_| words[random.below(words.len())])
                    .collect();
                Phrase::new(&text.join(" "))
            })
            .collect();
        let threshold = random.below(101) as f64 / 100.0;
        let claim = ClaimPhrases {
            phrases: &anchors,
            threshold,
        };
        let loose = loose_anchors(&claim);
        assert_eq!(
            Prefilter::new(&[claim]).is_unfiltered(0),
            !loose.is_empty(),
            "{:?} at {threshold}",
            anchors.iter().map(|a| &a.original).collect::<Vec<_>>()
        );
        // Each loose anchor alone: unfiltered below the threshold given, filtered from it.
        for anchor in loose {
            let alone = std::slice::from_ref(&anchors[anchor.phrase]);
            let unfiltered_at = |threshold: f64| {
                Prefilter::new(&[ClaimPhrases {
                    phrases: alone,
                    threshold,
                }])
                .is_unfiltered(0)
            };
            match anchor.fast_from {
                Some(from) => {
                    assert!(from > threshold);
                    assert!(!unfiltered_at(from));
                    assert!(unfiltered_at(from - 0.01));
                }
                None => assert!(unfiltered_at(1.0)),
            }
        }
    }
}

#[test]
fn a_candidate_must_be_able_to_reach_the_threshold() {
    let phrases = [
        Phrase::new("السعي لمناصريه").unwrap(),
        Phrase::new("سعي لمناصريه").unwrap(),
    ];
    let prefilter = Prefilter::new(&[ClaimPhrases {
        phrases: &phrases,
        threshold: 0.8,
    }]);
    let candidates_in = |text: &str| {
        let folded = normalize(text).text;
        let mut out = Vec::new();
        prefilter.candidates(&folded, &mut Scratch::default(), &mut out);
        let reference = crate::matcher::find_phrases(
            &folded,
            &crate::segment::words(&folded, 0..folded.len()),
            &phrases,
            0.8,
        );
        (out.len(), reference.len())
    };
    // `لمناصريه` is 3 edits from `سعيلمناصريه`, within its budget of 3 (which allows for a
    // window longer than the anchor), but a window of 8 letters against the 12-character
    // `سعي لمناصريه` may have 2. `معلمناصريه`, 2 edits away, starts inside `تجمع`, where no
    // window starts (`تج` is no proclitic). The reference matcher finds nothing either.
    assert_eq!(candidates_in("قال خلال تجمع لمناصريه، بعد اشهر"), (0, 0));
    // The anchor itself, after a proclitic, and two edits away are found.
    for text in [
        "قال خلال السعي لمناصريه، بعد",
        "قال وللسعي لمناصريه",
        "قال خلال السعى لمناصرية",
    ] {
        let (candidates, matches) = candidates_in(text);
        assert!(candidates > 0 && matches > 0, "{text}");
    }
}

#[test]
fn the_table_of_match_states_gives_the_candidates_the_automaton_gives() {
    // Anchors of the bundled claims and words of the seed corpus, so the automaton has many
    // match states, some ending several pieces.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(root.join("corpus")).unwrap() {
        texts.push(normalize(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).text);
    }
    let words: Vec<&str> = texts
        .iter()
        .flat_map(|t| t.split_whitespace())
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let mut random = crate::test_random::TestRandom::new(77);
    let phrases: Vec<Vec<Phrase>> = (0..60)
        .map(|_| {
            let text = (0..2)
                .map(|_| words[random.below(words.len())])
                .collect::<Vec<_>>()
                .join(" ");
            vec![Phrase::new(&text).unwrap()]
        })
        .collect();
    let claims: Vec<ClaimPhrases<'_>> = phrases
        .iter()
        .enumerate()
        .map(|(i, p)| ClaimPhrases {
            phrases: p,
            threshold: [0.75, 0.8, 0.85][i % 3],
        })
        .collect();
    let with_table = Prefilter::new(&claims);
    let Some(Finder::Dfa(dfa, Some(_))) = &with_table.automaton else {
        panic!("the DFA has its table");
    };
    let mut without_table = with_table.clone();
    without_table.automaton = Some(Finder::Dfa(dfa.clone(), None));
    let mut found = 0;
    for text in &texts {
        let mut scratch = Scratch::default();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        with_table.candidates(text, &mut scratch, &mut a);
        without_table.candidates(text, &mut scratch, &mut b);
        a.sort();
        b.sort();
        assert_eq!(a, b);
        found += a.len();
    }
    assert!(found > 20, "{found}");
}

#[test]
fn proclitics_are_the_matchers_own() {
    // The letters and the longest stack come from the matcher's lists, so the prefilter
    // allows for every proclitic a window's first word may lose.
    assert_eq!(
        proclitic_letters().into_iter().collect::<String>(),
        "ابفكلو"
    );
    let phrases = [Phrase::new("قمة").unwrap()];
    let prefilter = Prefilter::new(&[ClaimPhrases {
        phrases: &phrases,
        threshold: 0.85,
    }]);
    assert_eq!(prefilter.proclitics.longest, "وبال".chars().count());
    let classes = prefilter.proclitics.classes;
    for letter in proclitic_letters() {
        assert!(classes[usize::from(prefilter.classes[usize::from(compact(letter))])]);
    }
    assert!(!classes[0]);
}

#[test]
fn stem_ends_marked_once_are_those_read_at_each_place() {
    // Streams of letters endings are made of (and a few others), words of random lengths:
    // the places marked for the whole stream are exactly those where the rest of the word
    // is an ending.
    let endings: Vec<Vec<u8>> = crate::inflect::all_endings()
        .iter()
        .map(|e| {
            e.chars()
                .filter(|&c| is_word_char(c))
                .map(compact)
                .collect()
        })
        .collect();
    let mut present = [false; 256];
    for &byte in endings.iter().flatten() {
        present[usize::from(byte)] = true;
    }
    let letters: Vec<u8> = "ابتهنويكاتمdegins".chars().map(compact).collect();
    for &byte in &letters {
        present[usize::from(byte)] = true;
    }
    let (classes, _) = byte_classes(&present);
    let trie = verify::Endings::new(&endings, &classes);
    let mut random = crate::test_random::TestRandom::new(23);
    let mut next = |bound: usize| random.below(bound);
    let mut marked = Vec::new();
    for _ in 0..300 {
        let length = 1 + next(60);
        let stream: Vec<u8> = (0..length)
            .map(|_| classes[usize::from(letters[next(letters.len())])])
            .collect();
        let mut ends: Vec<bool> = (0..length).map(|_| next(4) == 0).collect();
        if let Some(last) = ends.last_mut() {
            *last = true;
        }
        trie.mark_stems(&stream, &ends, &mut marked);
        assert_eq!(marked.len(), length + 1);
        for at in 1..=length {
            let word_end = ends[at - 1];
            assert_eq!(
                word_end || marked[at],
                word_end || trie.ends_word_at(&stream, &ends, at),
                "{stream:?} {ends:?} {at}"
            );
        }
    }
    // `دباباتها`: the word may end before `ها`, `اتها` (after the final `ة` of the anchor), `ا`.
    let word: Vec<u8> = "دباباتها"
        .chars()
        .map(|c| classes[usize::from(compact(c))])
        .collect();
    let ends: Vec<bool> = (0..word.len()).map(|i| i + 1 == word.len()).collect();
    trie.mark_stems(&word, &ends, &mut marked);
    let places: Vec<usize> = (0..=word.len()).filter(|&at| marked[at]).collect();
    assert!(places.contains(&(word.len() - 2)), "{places:?}");
    assert!(places.contains(&(word.len() - 4)), "{places:?}");
    assert!(!places.contains(&1), "{places:?}");
}
