//! Grouping statements of different articles that state a figure about the same thing.
//!
//! Statements are **bucketed** by kind and counted noun (a quantity of `قذيفة` never meets a
//! quantity of `جندي`, nor a year a quantity), so each bucket is grouped on its own. Inside a
//! bucket, context words are weighted by inverse document frequency over the corpus
//! ([`Idf`]): a word most articles use says little, a word few use says much. Two contexts are
//! compared by their **weighted Dice overlap**, `2·w(A∩B) / (w(A) + w(B))`, from 0 (nothing
//! shared) to 1 (the same words).
//!
//! Grouping is **leader-based**, in corpus order: a statement joins the group whose first
//! statement (its leader) it overlaps most, when that overlap reaches the threshold and the
//! group has no statement of its article yet; otherwise it leads a new group. Leaders are
//! found through an index of their words, which also sums the weight shared with each; only
//! the most recent [`RECENT_LEADERS`] leaders of a word are visited, so the cost per statement
//! is bounded however large the bucket. Comparing with the leader, not with any member, keeps
//! groups from chaining from one fact to the next. Values need not agree: differing values are
//! what a reviewer wants to see.

use super::statements::Statement;
use crate::value::Kind;
use std::collections::HashMap;

/// The weighted overlap from which two statements are taken to state the same thing
/// (README, "crosscheck suggest", gives the measurements behind it).
pub const DEFAULT_THRESHOLD: f64 = 0.15;

/// How many of the latest leaders sharing a word a statement is compared with.
pub const RECENT_LEADERS: usize = 32;

/// Inverse document frequencies of terms over the corpus.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    articles: usize,
    df: HashMap<u32, u32>,
}

impl Idf {
    /// From the number of articles and each term's document frequency.
    pub fn new(articles: usize, df: HashMap<u32, u32>) -> Idf {
        Idf { articles, df }
    }

    /// The weight of a term: `ln((N + 1) / (df + 0.5))`, never below 0. A term of no article
    /// (not counted) weighs as a term of one.
    pub fn weight(&self, term: u32) -> f64 {
        let df = self.df.get(&term).copied().unwrap_or(1).max(1);
        let n = self.articles as f64 + 1.0;
        (n / (f64::from(df) + 0.5)).ln().max(0.0)
    }

    /// The largest weight a term can have in this corpus (a term of one article).
    pub fn max_weight(&self) -> f64 {
        (((self.articles as f64) + 1.0) / 1.5).ln().max(0.0)
    }

    /// Number of articles counted.
    pub fn articles(&self) -> usize {
        self.articles
    }
}

/// Statements of different articles found to state the same thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The kind of the values.
    pub kind: Kind,
    /// The counted noun's term (0: none).
    pub noun: u32,
    /// Indices into the statements, in corpus order, one per article; the first is the
    /// leader.
    pub members: Vec<usize>,
}

/// The weighted Dice overlap of two sorted term lists.
pub fn overlap(a: &[u32], b: &[u32], idf: &Idf) -> f64 {
    let total: f64 = a.iter().chain(b).map(|&t| idf.weight(t)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0.0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += idf.weight(x);
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared / total
}

/// Groups `statements` (see the module documentation); keeps groups of at least
/// `min_sources` articles. Deterministic: the result depends only on the statements, not on
/// their order in the slice.
pub fn group(
    statements: &[Statement],
    idf: &Idf,
    threshold: f64,
    min_sources: usize,
) -> Vec<Group> {
    let mut order: Vec<usize> = (0..statements.len()).collect();
    let key = |i: &usize| {
        statements
            .get(*i)
            .map(|s| (s.kind as u8, s.noun, s.article, s.at))
    };
    order.sort_by_key(key);
    let mut groups: Vec<Group> = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let bucket_key = order
            .get(start)
            .and_then(|i| statements.get(*i))
            .map(|s| (s.kind, s.noun));
        let end = start
            + order
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|i| statements.get(**i).map(|s| (s.kind, s.noun)) == bucket_key)
                .count();
        if let Some((kind, noun)) = bucket_key {
            let bucket = order.get(start..end).unwrap_or_default();
            group_bucket(statements, bucket, idf, threshold, kind, noun, &mut groups);
        }
        start = end.max(start + 1);
    }
    groups.retain(|g| g.members.len() >= min_sources.max(2));
    groups
}

/// Leader-based grouping of one bucket (indices in corpus order).
fn group_bucket(
    statements: &[Statement],
    bucket: &[usize],
    idf: &Idf,
    threshold: f64,
    kind: Kind,
    noun: u32,
    groups: &mut Vec<Group>,
) {
    // Term → groups (indices into `groups`) whose leader has the term.
    let mut leaders: HashMap<u32, Vec<usize>> = HashMap::new();
    // The weight of each group's leader context.
    let mut leader_weight: HashMap<usize, f64> = HashMap::new();
    // Candidate group → weight of the terms it shares with the statement.
    let mut shared: HashMap<usize, f64> = HashMap::new();
    for &index in bucket {
        let Some(statement) = statements.get(index) else {
            continue;
        };
        let own: f64 = statement.terms.iter().map(|&t| idf.weight(t)).sum();
        shared.clear();
        for &term in statement.terms.iter() {
            let weight = idf.weight(term);
            if let Some(list) = leaders.get(&term) {
                let recent = list.len().saturating_sub(RECENT_LEADERS);
                for &g in list.get(recent..).unwrap_or_default() {
                    *shared.entry(g).or_default() += weight;
                }
            }
        }
        let mut best: Option<(f64, usize)> = None;
        for (&g, &common) in &shared {
            let Some(group) = groups.get(g) else { continue };
            // One statement per article: the bucket is in article order, so an article's
            // statement can only be the group's last.
            let last_article = group
                .members
                .last()
                .and_then(|m| statements.get(*m))
                .map(|s| s.article);
            if last_article == Some(statement.article) {
                continue;
            }
            let total = own + leader_weight.get(&g).copied().unwrap_or(0.0);
            if total <= 0.0 {
                continue;
            }
            let score = 2.0 * common / total;
            let better = match best {
                None => true,
                // Ties go to the older group, so the result does not depend on hash order.
                Some((b, bg)) => score > b || (score == b && g < bg),
            };
            if score >= threshold && better {
                best = Some((score, g));
            }
        }
        match best.and_then(|(_, g)| groups.get_mut(g)) {
            Some(group) => group.members.push(index),
            None => {
                let g = groups.len();
                groups.push(Group {
                    kind,
                    noun,
                    members: vec![index],
                });
                leader_weight.insert(g, own);
                for &term in statement.terms.iter() {
                    leaders.entry(term).or_default().push(g);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn statement(article: u32, terms: &[u32], value: f64) -> Statement {
        let mut terms = terms.to_vec();
        terms.sort_unstable();
        Statement {
            article,
            kind: Kind::Quantity,
            value: Value::Quantity(value),
            qualifier: None,
            noun: 7,
            at: 0,
            terms: terms.into_boxed_slice(),
        }
    }

    fn idf() -> Idf {
        // Ten articles; term 1 is in all of them, the others in two.
        let mut df = HashMap::new();
        df.insert(1, 10);
        for t in 2..20 {
            df.insert(t, 2);
        }
        Idf::new(10, df)
    }

    #[test]
    fn shared_rare_words_join_and_common_ones_do_not() {
        let statements = [
            statement(0, &[1, 2, 3, 4], 5.0),
            statement(1, &[1, 2, 3, 9], 1.0),
            statement(2, &[1, 10, 11, 12], 5.0),
        ];
        let groups = group(&statements, &idf(), DEFAULT_THRESHOLD, 2);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, vec![0, 1]);
    }

    #[test]
    fn one_statement_per_article_and_different_nouns_never_meet() {
        let mut other_noun = statement(2, &[2, 3, 4], 5.0);
        other_noun.noun = 8;
        let statements = [
            statement(0, &[2, 3, 4], 5.0),
            statement(0, &[2, 3, 4], 6.0),
            other_noun,
        ];
        assert!(group(&statements, &idf(), DEFAULT_THRESHOLD, 2).is_empty());
    }

    #[test]
    fn overlap_is_weighted_dice() {
        let idf = idf();
        assert_eq!(overlap(&[2, 3], &[2, 3], &idf), 1.0);
        assert_eq!(overlap(&[2], &[3], &idf), 0.0);
        // A common word shared weighs nothing next to a rare one.
        assert!(overlap(&[1, 2], &[1, 3], &idf) < 0.1);
    }
}
