//! Lessons: what a run taught, as Markdown with front matter in `lessons/`.

use serde::{Deserialize, Serialize};

/// One lesson, before it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// The failure class (contract-mismatch, missing-seed, ...).
    pub kind: String,
    pub entities: Vec<String>,
    pub run: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    pub what_happened: String,
    pub why: String,
    pub what_changed: String,
}

/// The file name (`<date>-<slug>.md`) and content of a lesson.
pub fn lesson_file(lesson: &Lesson) -> (String, String) {
    let slug: String = lesson
        .title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    let entities = lesson.entities.iter().map(|entity| format!("\"{entity}\"")).collect::<Vec<_>>().join(", ");
    let content = format!(
        "---\nkind: {}\nentities: [{entities}]\nrun: \"run:{}\"\ndate: {}\n---\n\n# {}\n\n## What happened\n\n{}\n\n## Why\n\n{}\n\n## What changed\n\n{}\n",
        lesson.kind, lesson.run, lesson.date, lesson.title, lesson.what_happened, lesson.why, lesson.what_changed
    );
    (format!("{}-{slug}.md", lesson.date), content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_is_markdown_with_front_matter() {
        let lesson = Lesson {
            kind: "contract-mismatch".into(),
            entities: vec!["api:orders-http".into(), "component:web".into()],
            run: "r1".into(),
            date: "2026-11-21".into(),
            title: "web read createdAt; orders-api emits created_at".into(),
            what_happened: "The orders page showed no dates.".into(),
            why: "The consumer used camelCase.".into(),
            what_changed: "A field-naming rule checks this boundary before the sandbox.".into(),
        };
        let (name, content) = lesson_file(&lesson);
        assert_eq!(name, "2026-11-21-web-read-createdat-orders-api-emits-created-at.md");
        insta::assert_snapshot!(content, @r#"
        ---
        kind: contract-mismatch
        entities: ["api:orders-http", "component:web"]
        run: "run:r1"
        date: 2026-11-21
        ---

        # web read createdAt; orders-api emits created_at

        ## What happened

        The orders page showed no dates.

        ## Why

        The consumer used camelCase.

        ## What changed

        A field-naming rule checks this boundary before the sandbox.
        "#);
    }
}
