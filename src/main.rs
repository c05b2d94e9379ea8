fn main() {
    let d = kn::analysis::dictionary::load().unwrap();
    let seg = lindera::segmenter::Segmenter::new(lindera::mode::Mode::Normal, d, None);
    for t in seg.segment("コンテナランタイムのサーバーをKubernetesで動かす".into()).unwrap() { println!("{}", t.surface); }
}
