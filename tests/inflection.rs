//! Anchors find a word however the text inflects it (`crosscheck::inflect`): every ending
//! family, in sentences written the way news agencies write them, each with a near miss — a
//! word that only begins with the anchor word — that must not match.

use crosscheck::matcher::{Phrase, find_phrases};
use crosscheck::normalize::normalize;
use crosscheck::segment::words;

/// The words of `text` (as written) where `anchor` matches at the default threshold, with
/// the ending stripped from the last one (as written in the folded text).
fn found_with(text: &str, anchor: &str, inflect: bool) -> Vec<String> {
    let folded = normalize(text);
    let phrase = Phrase::with_inflection(anchor, inflect).expect("an anchor");
    let ranges = words(&folded.text, 0..folded.text.len());
    find_phrases(&folded.text, &ranges, std::slice::from_ref(&phrase), 0.85)
        .into_iter()
        .map(|m| text[folded.original_range(m.span)].to_owned())
        .collect()
}

fn found(text: &str, anchor: &str) -> Vec<String> {
    found_with(text, anchor, true)
}

/// `anchor` finds `expected` in `text`, and finds nothing in `near_miss`.
#[track_caller]
fn finds(anchor: &str, text: &str, expected: &str, near_miss: &str) {
    assert_eq!(found(text, anchor), [expected], "«{anchor}» in «{text}»");
    assert_eq!(
        found(near_miss, anchor),
        Vec::<String>::new(),
        "«{anchor}» must not match in «{near_miss}»"
    );
}

#[test]
fn arabic_sound_plural_and_dual() {
    finds(
        "معتقل",
        "وأفرجت السلطات عن المعتقلين بعد أسبوعين",
        "المعتقلين",
        "وأفرجت السلطات عن المعتقدات القديمة",
    );
    finds(
        "مهندس",
        "وقال المهندسون إن الجسر سيفتتح الشهر المقبل",
        "المهندسون",
        "وقال المهندم إن الجسر سيفتتح",
    );
    finds(
        "طرف",
        "واتفق الطرفان على وقف إطلاق النار",
        "الطرفان",
        "واتفق الطرفاء على وقف إطلاق النار",
    );
}

#[test]
fn arabic_feminine_with_ta_marbuta_swapped() {
    finds(
        "دبابة",
        "ونشر الجيش دباباتها على الحدود",
        "دباباتها",
        "ونشر الجيش دبابيس على الحدود",
    );
    finds(
        "قيادة",
        "وأعلنت الحركة أن قيادتها وافقت على الهدنة",
        "قيادتها",
        "وأعلنت الحركة أن قيادي وافق على الهدنة",
    );
    finds(
        "طائرة",
        "وأسقطت الدفاعات الجوية طائرتين مسيرتين",
        "طائرتين",
        "وأسقطت الدفاعات الجوية طائفتين",
    );
    finds(
        "معلم",
        "وقالت المعلمة إن المدرسة أغلقت",
        "المعلمة",
        "وقالت المعلومة إن المدرسة أغلقت",
    );
}

#[test]
fn arabic_accusative_and_attached_pronouns() {
    finds(
        "مليون",
        "خسرت الشركة مليونا في عام واحد",
        "مليونا",
        "خسرت الشركة مليونير في عام واحد",
    );
    finds(
        "جيش",
        "وقال إن جيشهم لن يتراجع",
        "جيشهم",
        "وقال إن الجيوش لن تتراجع",
    );
    finds(
        "رئيس",
        "واستقبل الوزير الفرنسي نظيره ورئيسنا في باريس",
        "ورئيسنا",
        "واستقبل الوفد مبعوث الرئاسة في باريس",
    );
}

#[test]
fn arabic_nisba() {
    assert_eq!(
        found("وقال مسؤولون فلسطينيون إن المفاوضات توقفت", "فلسطين"),
        ["فلسطينيون"]
    );
    finds(
        "مصر",
        "وأكدت الخارجية المصرية دعمها للاتفاق",
        "المصرية",
        "وأكد المصرف المركزي دعمه للاتفاق",
    );
}

#[test]
fn arabic_verb_endings() {
    finds(
        "أعلن",
        "وأعلنت الوزارة حالة الطوارئ",
        "وأعلنت",
        "وأعلم الوزير الصحفيين بالقرار",
    );
    finds(
        "قتل",
        "وقال الشهود إن المسلحين قتلوا ثلاثة مدنيين",
        "قتلوا",
        "وقال الشهود إن المسلحين قتلب",
    );
    finds(
        "يطالب",
        "والمحتجون يطالبون بالإفراج عن المعتقلين",
        "يطالبون",
        "والمحتجون يطالعون الصحف",
    );
}

#[test]
fn arabic_combinations() {
    finds(
        "قتل",
        "وقال إن الجنود قتلوهم أمام منازلهم",
        "قتلوهم",
        "وقال إن الجنود قتلوكس",
    );
    finds(
        "معتقل",
        "وطالبت عائلات معتقليهم بالإفراج عنهم",
        "معتقليهم",
        "وطالبت عائلات معتقلبهم بالإفراج عنهم",
    );
}

#[test]
fn arabic_glued_preposition_or_conjunction() {
    finds(
        "كانت مخزنة",
        "وقال إن الأسلحة كانت مخزنةفي مستودع قرب الميناء",
        "كانت مخزنةفي",
        "وقال إن الأسلحة كانت مخزنهكس مستودع",
    );
    finds(
        "المعتقل",
        "وزار الوفد المعتقلينمن جديد",
        "المعتقلينمن",
        "وزار الوفد المعتقلينمس جديد",
    );
}

#[test]
fn english_plurals_and_third_person() {
    finds(
        "refugee",
        "Thousands of refugees crossed the border overnight",
        "refugees",
        "Thousands were refused entry overnight",
    );
    finds(
        "artillery shell",
        "North Korea sent millions of artillery shells to Russia",
        "artillery shells",
        "North Korea sent millions of artillery shellfish to Russia",
    );
    finds(
        "tax",
        "The government raised taxes on fuel",
        "taxes",
        "The government raised taxis on fuel",
    );
    finds(
        "party",
        "Both parties signed the agreement",
        "parties",
        "Both partisans signed the agreement",
    );
    finds(
        "car",
        "Police towed two cars from the square",
        "cars",
        "Police rolled up the carpet in the square",
    );
}

#[test]
fn english_past_and_gerund() {
    finds(
        "ban",
        "The ministry banned the rally on Friday",
        "banned",
        "The banker left the rally on Friday",
    );
    finds(
        "use",
        "Rebels were using drones near the airport",
        "using",
        "Rebels were usurping land near the airport",
    );
    finds(
        "attack",
        "Militants attacked the convoy at dawn",
        "attacked",
        "Militants attackers hit the convoy at dawn",
    );
    finds(
        "carry",
        "Trucks carried aid into the city",
        "carried",
        "Trucks carriage aid into the city",
    );
    // `car` doubles its consonant: `caring` is another word.
    assert!(found("Nurses were caring for the wounded", "car").is_empty());
}

#[test]
fn english_possessive() {
    finds(
        "Putin",
        "Putin’s visit to Pyongyang lasted two days",
        "Putin’s",
        "Putinka’s visit to Pyongyang lasted two days",
    );
    finds(
        "minister",
        "The minister's office declined to comment",
        "minister's",
        "The ministerial office declined to comment",
    );
}

#[test]
fn literal_anchors_do_not_inflect() {
    assert_eq!(
        found_with("وأفرجت السلطات عن المعتقلين", "معتقل", false),
        Vec::<String>::new()
    );
    assert_eq!(
        found_with("Police towed two cars from the square", "car", false),
        Vec::<String>::new()
    );
    assert_eq!(
        found_with("وأفرجت السلطات عن المعتقل", "معتقل", false),
        ["المعتقل"]
    );
}
