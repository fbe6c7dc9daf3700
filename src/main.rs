//! The socgraf command line: a thin layer over the library.
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().skip(2).collect();
    for a in args {
        let p = std::path::Path::new(&a);
        let mut files = vec![];
        if p.is_dir() {
            for e in std::fs::read_dir(p).unwrap() {
                files.push(e.unwrap().path());
            }
        } else {
            files.push(p.to_path_buf());
        }
        files.sort();
        for f in files {
            if f.extension().is_some_and(|e| e == "txt") {
                let d = socgraf::text::Document::read(&f).unwrap();
                print!("{}", socgraf::extract::extract(&d).to_jsonl());
            }
        }
    }
    let _ = std::io::stdin().read(&mut []);
}
