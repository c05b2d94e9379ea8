//! The reader against a blob written by hand, the converter
//! (`build/lexicon.rs`: cargo runs no tests of a build script, so they are
//! here) on lines copied from EDICT, and the lexicon kn embeds.

use super::*;

type Glosses<'a> = &'a [(u8, &'a str)];
type Refs<'a> = &'a [(u8, usize)];

/// Writes a version-1 blob by hand (tables given in key order, fewer
/// than 64 ja records so a reference is one character), so the reader
/// is tested against the documented format rather than the builder.
fn blob(ja: &[(&str, &str, Glosses)], en: &[(&str, Refs)]) -> &'static [u8] {
    assert!(ja.len() <= 64);
    assert!(
        ja.windows(2).all(|w| w[0].0 < w[1].0),
        "ja keys in byte order"
    );
    assert!(
        en.windows(2).all(|w| w[0].0 < w[1].0),
        "en keys in byte order"
    );
    let mut strings = Vec::new();
    let mut offsets = Vec::new();
    for (key, spelling, glosses) in ja {
        offsets.push(strings.len() as u32);
        strings.extend_from_slice(format!("{key}\t{spelling}\t").as_bytes());
        for (i, (flag, text)) in glosses.iter().enumerate() {
            if i > 0 {
                strings.push(0x1f);
            }
            strings.push(*flag);
            strings.extend_from_slice(text.as_bytes());
        }
        strings.push(b'\n');
    }
    for (key, refs) in en {
        offsets.push(strings.len() as u32);
        strings.extend_from_slice(format!("{key}\t").as_bytes());
        for (flag, record) in *refs {
            strings.extend_from_slice(&[*flag, b'0' + *record as u8]);
        }
        strings.push(b'\n');
    }
    let strings_at = 32 + 4 * offsets.len();
    let total = strings_at + strings.len();
    let mut out = b"KNLX".to_vec();
    for n in [
        1,
        ja.len(),
        en.len(),
        32,
        32 + 4 * ja.len(),
        strings_at,
        total,
    ] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&strings);
    Box::leak(out.into_boxed_slice())
}

// Flag bytes: 0x40 | computing | common << 1 | sense << 2.
const PLAIN: u8 = 0x40;
const COMP: u8 = 0x41;
const COMMON: u8 = 0x42;
const COMP_COMMON: u8 = 0x43;
const SENSE1: u8 = 0x44;

fn tiny() -> Lexicon {
    let bytes = blob(
        &[
            (
                "サーバ",
                "サーバー",
                &[(COMP_COMMON, "server"), (COMMON | 0x0c, "dispenser")],
            ),
            (
                "ロードバランサ",
                "ロード・バランサ",
                &[(COMP, "load balancer")],
            ),
            (
                "暗号化",
                "",
                &[(PLAIN, "encryption"), (SENSE1, "password protection")],
            ),
            ("給仕", "", &[(PLAIN, "waiter"), (PLAIN, "server")]),
            ("証明", "", &[(COMMON, "proof"), (COMMON, "certification")]),
            (
                "証明書",
                "",
                &[(COMMON, "certificate"), (COMMON, "credentials")],
            ),
        ],
        &[
            ("broken", &[(COMP, 60), (0x20, 1), (PLAIN, 2)]),
            ("certif", &[(COMMON, 5), (COMMON, 4)]),
            ("encrypt", &[(PLAIN, 2)]),
            ("load balanc", &[(COMP, 1)]),
            ("server", &[(COMP_COMMON, 0), (PLAIN, 3)]),
        ],
    );
    Lexicon::from_bytes(bytes).expect("valid blob")
}

fn texts(senses: &[Sense]) -> Vec<&str> {
    senses.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn japanese_to_english() {
    let lex = tiny();
    assert_eq!(lex.entries(), (6, 5));
    let server = lex.english_of("サーバー");
    assert_eq!(server, lex.english_of("サーバ"));
    assert_eq!(
        server[0],
        Sense {
            text: "server".to_string(),
            computing: true,
            common: true,
            sense: 0
        }
    );
    assert_eq!(server[1].sense, 3);
    assert!(!server[1].computing && server[1].common);
    assert_eq!(
        texts(&lex.english_of("ロード・バランサー")),
        ["load balancer"]
    );
    assert_eq!(
        texts(&lex.english_of("暗号化")),
        ["encryption", "password protection"]
    );
    assert_eq!(lex.english_of("暗号化")[1].sense, 1);
    assert!(lex.has_headword("証明書"));
    for absent in ["", "走る", "暗号", "証明書類", "ー", "zzz"] {
        assert!(lex.english_of(absent).is_empty(), "{absent}");
        assert!(!lex.has_headword(absent), "{absent}");
    }
}

#[test]
fn english_to_japanese() {
    let lex = tiny();
    assert_eq!(texts(&lex.japanese_of("certif")), ["証明書", "証明"]);
    let server = lex.japanese_of("server");
    assert_eq!(texts(&server), ["サーバー", "給仕"]);
    assert!(server[0].computing && server[0].common && !server[1].computing);
    // Out-of-range record and bad flag are skipped.
    assert_eq!(texts(&lex.japanese_of("broken")), ["暗号化"]);
    assert_eq!(texts(&lex.japanese_of("load balanc")), ["ロード・バランサ"]);
    assert_eq!(texts(&lex.japanese_of("Load-Balanc")), ["ロード・バランサ"]);
    assert_eq!(
        texts(&lex.japanese_of(" load  balanc ")),
        ["ロード・バランサ"]
    );
    assert!(lex.japanese_of("server")[0].computing);
    for absent in ["", "a", "certificate", "zzz", "load", "serverx"] {
        assert!(lex.japanese_of(absent).is_empty(), "{absent}");
    }
}

#[test]
fn keys() {
    assert_eq!(headword_key("サーバー"), "サーバ");
    assert_eq!(headword_key("オペレーター"), "オペレータ");
    assert_eq!(headword_key("ルー"), "ルー");
    assert_eq!(headword_key("ロード・バランサー"), "ロードバランサ");
    assert_eq!(headword_key("データー"), "データ");
    assert!(matches!(headword_key("暗号化"), Cow::Borrowed(_)));
    assert_eq!(english_key("load balanc"), "load balanc");
    assert_eq!(english_key("E-Mail"), "e mail");
}

#[test]
fn bad_blobs_are_refused() {
    let good = blob(&[("a", "", &[(PLAIN, "b")])], &[("b", &[(PLAIN, 0)])]);
    assert!(Lexicon::from_bytes(good).is_some());
    let leak = |v: Vec<u8>| -> &'static [u8] { Box::leak(v.into_boxed_slice()) };
    let mut magic = good.to_vec();
    magic[0] = b'X';
    assert!(Lexicon::from_bytes(leak(magic)).is_none());
    let mut version = good.to_vec();
    version[4] = 2;
    assert!(Lexicon::from_bytes(leak(version)).is_none());
    let truncated = &good[..good.len() - 1];
    assert!(Lexicon::from_bytes(truncated).is_none());
    assert!(Lexicon::from_bytes(&[]).is_none());
    let mut counts = good.to_vec();
    counts[8] = 200; // ja_count past the record area
    assert!(Lexicon::from_bytes(leak(counts)).is_none());
    // A corrupt offset makes lookups miss, never panic.
    let mut offset = good.to_vec();
    offset[32] = 0xff;
    let lex = Lexicon::from_bytes(leak(offset)).expect("header is fine");
    assert!(lex.english_of("a").is_empty());
    assert_eq!(
        texts(&Lexicon::from_bytes(good).unwrap().japanese_of("b")),
        ["a"]
    );
}

/// The converter, on EDICT and COMPDIC lines and through the reader.
mod converter {
    use super::super as reader;
    use super::super::builder::*;

    /// Lines copied from EDICT (plus an EDICT2-style multi-headword line and
    /// an entry-id suffix, which Debian's EDICT does not have).
    const EDICT: &str = "\
\u{3000}？？？ /EDICT, EDICT_SUB(P), EDICT2 Japanese-English Electronic Dictionary Files/Copyright Electronic Dictionary Research & Development Group - 2021/Created: 2021-02-03/
暗号化 [あんごうか] /(n,vs) (1) encryption/encipherment/(n,vs) (2) password protection/
証明書 [しょうめいしょ] /(n) certificate (usually of proof of something)/credentials/(P)/
サーバー /(n) (1) (comp) server/(n) (2) (cake) server/(n) (3) (water) dispenser/(n) (4) (sports) server (tennis, volleyball, etc.)/(P)/
サーバ /(n) (1) (comp) server/(n) (2) (cake) server/(n) (3) (water) dispenser/(n) (4) (sports) server (tennis, volleyball, etc.)/(P)/
再起動 [さいきどう] /(n,vs) (comp) restart/reboot/(P)/
走る [はしる] /(v5r,vi) (1) to run/(v5r,vi) (2) to run (of a vehicle)/to drive/to travel/(P)/
名前空間 [なまえくうかん] /(n) (comp) namespace/
ロード・バランサ /(n) (comp) load balancer/
煙草 [えんそう] /(n) (1) (uk) tobacco (por: tabaco)/cigarette/cigaret/cigar/(n) (2) (uk) tobacco plant (Nicotiana tabacum)/
煙草 [たばこ] /(gikun) (n) (1) (uk) tobacco (por: tabaco)/cigarette/cigaret/cigar/(n) (2) (uk) tobacco plant (Nicotiana tabacum)/(P)/
苛め [いじめ] /(n) (uk) bullying/teasing/(P)/
ＦＡＸモデム [ファックス・モデム] /(n) (comp) fax modem/
うるさ方 [うるさがた] /(iK) (n) fastidiousness/faultfinding/nit-picking/
あいうえお /(n) Japanese syllabary/kana/aiueo/
器 [き] /(n,n-suf) (1) device/instrument/(n,n-suf) (2) vessel/container/(n) (3) ability/capacity/calibre/caliber/
自動化 [じどうか] /(n,vs) automation/(P)/
竈突 [くど] /(n) (1) (arch) kitchen range/(n) (2) (kyb:) hearth/
証明 [しょうめい] /(n,vs,adj-no) proof/verification/certification/(P)/
監視;看視(iK) [かんし] /(n,vs) monitoring/watching/the surveillance/(P)/EntL1392590X/
煩い [うるさい] /(adj-i) (1) (uk) noisy/loud/(adj-i) (2) annoying/troublesome/(P)/
";

    /// COMPDIC repeats EDICT's computing entries without tags; コンテナ is
    /// here only (its EDICT line is left out of the sample above).
    const COMPDIC: &str = "\
サーバー /(n) (1) server/(n) (2) (cake) server/(n) (3) (water) dispenser/
再起動 [さいきどう] /(n,vs) restart/reboot/
コンテナー /(n) container/
";

    fn stem(word: &str) -> String {
        word.strip_suffix('s').unwrap_or(word).to_string()
    }

    fn lexicon(edict: &str, compdic: &str) -> reader::Lexicon {
        let blob = build(edict, compdic, &stem);
        reader::Lexicon::from_bytes(Box::leak(blob.into_boxed_slice())).expect("valid blob")
    }

    fn texts(senses: &[reader::Sense]) -> Vec<&str> {
        senses.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn sample_lines() {
        let lex = lexicon(EDICT, COMPDIC);

        let enc = lex.english_of("暗号化");
        assert_eq!(
            texts(&enc),
            ["encryption", "encipherment", "password protection"]
        );
        assert_eq!(enc[2].sense, 1);
        assert!(!enc[0].computing && !enc[0].common);

        // Trailing note stripped, (P) carried.
        let cert = lex.english_of("証明書");
        assert_eq!(texts(&cert), ["certificate", "credentials"]);
        assert!(cert[0].common);

        // Both spellings fold to サーバ; (cake)/(water) notes and the
        // (sports) field go, "server" stays computing, "dispenser" does not
        // become computing although COMPDIC lists it.
        let server = lex.english_of("サーバー");
        assert_eq!(server, lex.english_of("サーバ"));
        assert_eq!(texts(&server), ["server", "dispenser"]);
        assert!(server[0].computing && server[0].common);
        assert!(!server[1].computing);
        assert_eq!(lex.japanese_of("server")[0].text, "サーバ");

        let restart = lex.english_of("再起動");
        assert_eq!(texts(&restart), ["restart", "reboot"]);
        assert!(restart.iter().all(|s| s.computing));
        assert_eq!(texts(&lex.english_of("名前空間")), ["namespace"]);

        // ・ dropped from the key, kept in the spelling.
        assert_eq!(
            texts(&lex.english_of("ロードバランサー")),
            ["load balancer"]
        );
        assert_eq!(
            texts(&lex.japanese_of("load balancer")),
            ["ロード・バランサ"]
        );

        // Not a noun (glosses that would otherwise be kept): gone.
        assert!(!lex.has_headword("煩い"));
        assert!(lex.japanese_of("noisy").is_empty());
        // Verb-only entry, archaic/dialect senses, irregular spelling: gone.
        assert!(lex.english_of("走る").is_empty());
        assert!(!lex.has_headword("走る"));
        assert!(!lex.has_headword("竈突"));
        assert!(!lex.has_headword("うるさ方"));
        assert!(!lex.has_headword("看視"));
        assert!(lex.japanese_of("run").is_empty());

        // Kanji with a hiragana reading: only the kanji. Latin headword with
        // a katakana reading: only the reading. Kana-only word: kept.
        assert!(lex.has_headword("苛め") && !lex.has_headword("いじめ"));
        assert!(!lex.has_headword("ＦＡＸモデム"));
        assert_eq!(texts(&lex.english_of("ファックスモデム")), ["fax modem"]);
        assert!(lex.has_headword("あいうえお"));

        // Lines of one headword merge; notes go; sense order holds.
        assert_eq!(
            texts(&lex.english_of("煙草")),
            ["tobacco", "cigarette", "cigaret", "cigar", "tobacco plant"]
        );
        // n-suf beside n is kept; the (3) sense has plain n.
        assert_eq!(texts(&lex.english_of("器"))[0], "device");

        // Multi-headword line, article stripped, entry id ignored.
        assert_eq!(
            texts(&lex.english_of("監視")),
            ["monitoring", "watching", "surveillance"]
        );

        // COMPDIC-only entry: added, computing, key folded.
        let container = lex.english_of("コンテナ");
        assert_eq!(texts(&container), ["container"]);
        assert!(container[0].computing);

        // en → ja through the stemmer: "certificates" and "certificate" share
        // a key; common words first.
        assert_eq!(texts(&lex.japanese_of("certificate")), ["証明書"]);
        assert_eq!(texts(&lex.japanese_of("encryption")), ["暗号化"]);
        assert_eq!(texts(&lex.japanese_of("container")), ["コンテナー", "器"]);
        assert!(lex.japanese_of("encryptions").is_empty()); // keys are stemmed by the caller

        let (ja, en) = lex.entries();
        assert_eq!(ja, 15, "headword count");
        assert!(en > 20, "{en}");
    }

    #[test]
    fn gloss_cleaning() {
        assert_eq!(
            clean_gloss("certificate (usually of proof)").as_deref(),
            Some("certificate")
        );
        assert_eq!(
            clean_gloss("Load Balancer").as_deref(),
            Some("load balancer")
        );
        assert_eq!(clean_gloss("the Internet").as_deref(), Some("internet"));
        assert_eq!(clean_gloss("e-mail").as_deref(), Some("e-mail"));
        for bad in [
            "pretending to ...",
            "to the (new) moon",
            "(plot) twist",
            "agglomerate (e.g. of cells) mass",
            "one two three four",
            "children's day",
            "-ization",
            "x",
            "3",
            "books etc",
        ] {
            assert_eq!(clean_gloss(bad), None, "{bad}");
        }
        assert_eq!(headword_key("オペレーター"), "オペレータ");
        assert_eq!(headword_key("ルー"), "ルー");
        assert_eq!(headword_key("ロード・バランサー"), "ロードバランサ");
        assert_eq!(headword_key("再起動"), "再起動");
        let key = english_key("load-balancers", &stem);
        assert_eq!(key, "load balancer");
    }

    #[test]
    fn blob_layout() {
        let blob = build(EDICT, COMPDIC, &stem);
        assert_eq!(&blob[..4], MAGIC);
        let word = |at: usize| u32::from_le_bytes(blob[at..at + 4].try_into().unwrap()) as usize;
        assert_eq!(word(4), VERSION as usize);
        assert_eq!(word(28), blob.len());
        let strings = word(24);
        for (count, index) in [(word(8), word(16)), (word(12), word(20))] {
            let keys: Vec<&[u8]> = (0..count)
                .map(|i| {
                    let record = &blob[strings + word(index + 4 * i)..];
                    let end = record.iter().position(|&b| b == KEY_END).unwrap();
                    &record[..end]
                })
                .collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted, unique");
        }
        assert_eq!(build(EDICT, COMPDIC, &stem), blob, "deterministic");
        let has = |record: &str| blob.windows(record.len()).any(|w| w == record.as_bytes());
        assert!(has("\nロードバランサ\tロード・バランサ\tAload balancer\n"));
        assert!(has("\n証明書\t\tBcertificate\x1fBcredentials\n"));
        assert_eq!((ref_width(64), ref_width(65), ref_width(4096)), (1, 2, 2));
    }
}

/// The lexicon kn embeds (`crate::analysis::lexicon()`, built by
/// `build/build.rs` from Debian's EDICT and COMPDIC with the index's Porter2
/// stemmer, so en→ja keys are stems): well-known words. (Lookup time is
/// measured in `benches/pipeline.rs`, not asserted.)
mod embedded {
    #[test]
    fn real_dictionary() {
        let lex = crate::analysis::lexicon();
        let (ja, en) = lex.entries();
        eprintln!(
            "real lexicon: {} bytes, ja→en {ja} headwords, en→ja {en} keys",
            lex.bytes.len()
        );

        let first = |word: &str| lex.english_of(word).into_iter().next().map(|s| s.text);
        let has = |word: &str, gloss: &str| lex.english_of(word).iter().any(|s| s.text == gloss);
        assert!(has("暗号化", "encryption"));
        assert!(has("証明書", "certificate"));
        assert!(has("自動化", "automation"));
        assert_eq!(first("名前空間").as_deref(), Some("namespace"));
        assert!(lex.english_of("名前空間")[0].computing);
        assert!(has("ロードバランサ", "load balancer"));
        assert!(has("ロードバランサー", "load balancer"));
        assert!(has("プロキシ", "proxy"));
        assert!(has("監視", "monitoring"));
        assert!(has("再起動", "restart"));
        assert_eq!(first("サーバー").as_deref(), Some("server"));
        let reaches = |key: &str, word: &str| lex.japanese_of(key).iter().any(|s| s.text == word);
        assert!(reaches("certif", "証明書"));
        assert!(reaches("encrypt", "暗号化"));
        assert!(reaches("namespac", "名前空間"));
        assert!(reaches("load balanc", "ロードバランサ"));
        assert!(!lex.has_headword("走る"));
        assert!(lex.english_of("走る").is_empty());
        assert!(lex.english_of("存在しない語").is_empty());
        assert!(lex.japanese_of("zzqx nothing").is_empty());
    }
}
