//! A Spring consumer posting a record it is given (`.bodyValue(request)` of `enroll(String slug,
//! EnrollmentRequest request)`) to a path template (`.uri("/api/courses/{slug}/enrollments",
//! slug)`), and reading a record decoded with `@JsonNaming(SnakeCaseStrategy)` through its
//! accessors (`course.lessonCount()`): shapes of the tenth planted-mismatch evaluation of
//! 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system), org
//! U's progress-tracker, which sends a `source` course-catalog's `EnrollmentRequest` lacks (U2),
//! and whose service, a file importing Jackson's `ObjectMapper`, reads `course.lessonCount()`
//! (near miss X-U2: three false naming mismatches before).

mod support;

use support::{check_repos as check, finding_summary};

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Course catalog, version: 1.0.0}\npaths:\n  /api/courses:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/CourseSummary'}}\n  /api/courses/{slug}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Course'}\n  /api/courses/{slug}/enrollments:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/EnrollmentRequest'}\n      responses:\n        '201':\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Enrollment'}\ncomponents:\n  schemas:\n    Course:\n      type: object\n      properties:\n        slug: {type: string}\n        lesson_count: {type: integer}\n        published_at: {type: string, nullable: true}\n    CourseSummary:\n      type: object\n      properties:\n        slug: {type: string}\n        lesson_count: {type: integer}\n    EnrollmentRequest:\n      type: object\n      additionalProperties: false\n      required: [learner_id]\n      properties:\n        learner_id: {type: string}\n        plan: {type: string}\n    Enrollment:\n      type: object\n      properties:\n        id: {type: string}\n        learner_id: {type: string}\n";
const CLIENT: &str = "package learn.umber.progress.catalog;\n\nimport org.springframework.web.reactive.function.client.WebClient;\n\npublic class CatalogClient {\n    private final WebClient http;\n\n    public CatalogClient(WebClient.Builder builder, @Value(\"${catalog.base-url}\") String baseUrl) {\n        this.http = builder.baseUrl(baseUrl).build();\n    }\n\n    public CourseDto course(String slug) {\n        return http.get().uri(\"/api/courses/{slug}\", slug).retrieve().bodyToMono(CourseDto.class).block(TIMEOUT);\n    }\n\n    public boolean enroll(String slug, EnrollmentRequest request) {\n        http.post().uri(\"/api/courses/{slug}/enrollments\", slug)\n                .bodyValue(request)\n                .retrieve()\n                .toBodilessEntity()\n                .block();\n        return true;\n    }\n}\n";
const SERVICE: &str = "package learn.umber.progress.progress;\n\nimport com.fasterxml.jackson.core.JsonProcessingException;\nimport com.fasterxml.jackson.databind.ObjectMapper;\nimport learn.umber.progress.catalog.CatalogClient;\nimport learn.umber.progress.catalog.EnrollmentRequest;\nimport org.slf4j.Logger;\nimport org.slf4j.LoggerFactory;\nimport org.springframework.stereotype.Service;\n\n\n@Service\npublic class ProgressService {\n\n    private static final Logger log = LoggerFactory.getLogger(ProgressService.class);\n\n    private final LessonProgressRepository repo;\n    private final CatalogClient catalog;\n    private final LearningPaths paths;\n    private final ObjectMapper mapper;\n\n    public ProgressService(LessonProgressRepository repo, CatalogClient catalog, LearningPaths paths, ObjectMapper mapper) {\n        this.repo = repo;\n        this.catalog = catalog;\n        this.paths = paths;\n        this.mapper = mapper;\n    }\n\n    private void maybeAdvance(String learnerId, String courseSlug) {\n        paths.after(courseSlug).ifPresent(next -> {\n            var course = catalog.course(next);\n            if (course.publishedAt() == null) {\n                log.info(\"next course {} not published yet\", next);\n                return;\n            }\n            boolean created = catalog.enroll(next, EnrollmentRequest.viaLearningPath(learnerId));\n            log.info(\"learner {} completed {} -> {} ({} lessons) enrolled={}\",\n                    learnerId, courseSlug, next, course.lessonCount(), created);\n        });\n    }\n}\n";

/// progress-tracker's findings, its `CourseDto` annotated with `naming` (or nothing) and its
/// `EnrollmentRequest` ending with `extra` components.
fn findings(naming: &str, extra: &str) -> Vec<String> {
    let course = format!("package learn.umber.progress.catalog;\n\nimport com.fasterxml.jackson.databind.PropertyNamingStrategies;\nimport com.fasterxml.jackson.databind.annotation.JsonNaming;\n\n{naming}public record CourseDto(\n        String slug,\n        int lessonCount,\n        java.time.OffsetDateTime publishedAt) {{\n}}\n");
    let request = format!("package learn.umber.progress.catalog;\n\nimport com.fasterxml.jackson.annotation.JsonProperty;\n\npublic record EnrollmentRequest(\n        @JsonProperty(\"learner_id\") String learnerId,\n        String plan{extra}) {{\n}}\n");
    finding_summary(&check(&[
        ("course-catalog", &[("priv/openapi.yaml", SPEC), ("mix.exs", "defmodule Catalog.MixProject do\nend\n"), ("Dockerfile", "FROM elixir:1.16\n")]),
        (
            "progress-tracker",
            &[
                ("src/main/java/learn/umber/progress/catalog/CatalogClient.java", CLIENT),
                ("src/main/java/learn/umber/progress/catalog/CourseDto.java", course.as_str()),
                ("src/main/java/learn/umber/progress/catalog/EnrollmentRequest.java", request.as_str()),
                ("src/main/java/learn/umber/progress/progress/ProgressService.java", SERVICE),
                ("src/main/resources/application.yml", "catalog:\n  base-url: ${CATALOG_URL:http://course-catalog:4000}\n"),
                ("pom.xml", "<project><artifactId>progress-tracker</artifactId></project>\n"),
                ("Dockerfile", "FROM eclipse-temurin:21\n"),
            ],
        ),
    ]))
}

const SNAKE: &str = "@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)\n";

/// The record posted through a parameter sends `source`, which the request schema lacks; its
/// fields are the request's, not reads of `Enrollment`.
#[test]
fn a_record_parameter_posted_to_a_path_template_sends_its_fields() {
    assert_eq!(findings(SNAKE, ",\n        String source"), ["unknown-request-field source api:course-catalog"]);
}

/// Near miss: the schema's fields only; the accessors of the snake-case record are no
/// naming mismatch.
#[test]
fn a_request_of_the_schemas_fields_and_a_mapped_records_accessors_are_no_finding() {
    assert_eq!(findings(SNAKE, ""), Vec::<String>::new());
}

/// Without the naming strategy, the record's `lessonCount` is not what the wire calls it.
#[test]
fn a_record_without_the_naming_strategy_is_a_naming_mismatch() {
    assert!(findings("", "").iter().any(|finding| finding == "naming-mismatch lessonCount api:course-catalog"), "{:?}", findings("", ""));
}
