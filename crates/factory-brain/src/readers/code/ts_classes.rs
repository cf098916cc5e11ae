//! TypeScript data classes: NestJS DTOs (`export class CreateProductDto { @IsString() sku: string;
//! @IsOptional() description?: string; }`, catalog-service of the seventh planted-mismatch
//! evaluation's org K) declare the fields of what a route answers or takes, as interfaces do.
//! A property is required unless it is optional (`?`) or class-validator's `@IsOptional()`
//! decorates it. Only classes of data are read: one whose body holds a constructor with
//! statements, a method or an accessor is a service or controller, not a shape.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::Lines;
use super::shapes::{block, held_type, holder_of, json_type, members_at_depth_one, DeclaredField};

/// `export class ProductDto {`, `class CreateProductDto extends BaseDto {`.
static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bclass\s+([A-Z]\w*)\s*(?:<[^>{]*>)?\s*(?:extends\s+[\w.<>, ]+?\s*)?(?:implements\s+[\w.<>, ]+?\s*)?\{").expect("a valid regex"));

/// A property: `sku: string;`, `readonly id!: string`, `description?: string = ''`, decorators
/// before it on the same line.
static PROPERTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|readonly|declare)\s+)*([A-Za-z_$][\w$]*)\s*([?!])?\s*:\s*([^;=]+?)\s*(?:=[^;]*)?;?\s*$").expect("a valid regex"));

/// The fields the file's data classes declare.
pub(super) fn fields(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    for captures in CLASS.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some(body) = block(text, whole.end() - 1) else { continue };
        let mut found = Vec::new();
        let (mut optional, mut behaviour) = (false, false);
        members_at_depth_one(text, body, lines, |line, line_number| {
            let trimmed = line.trim();
            if trimmed.starts_with("@IsOptional") {
                optional = true;
            }
            // A method, accessor or constructor with a body: a class of behaviour.
            let opens_body = trimmed.ends_with('{') || trimmed.contains(") {");
            behaviour |= opens_body && !trimmed.starts_with('@') && (trimmed.contains('(') || trimmed.starts_with("get ") || trimmed.starts_with("set "));
            if let Some(property) = PROPERTY.captures(line).filter(|_| !trimmed.starts_with('@') || trimmed.contains(": ")) {
                let declared = property[3].trim();
                let required = !optional && property.get(2).is_none_or(|mark| mark.as_str() == "!") && !declared.contains("undefined");
                found.push(DeclaredField {
                    holder: holder_of(name.as_str()),
                    type_name: name.as_str().to_string(),
                    field: property[1].to_string(),
                    json_type: json_type(declared),
                    line: line_number,
                    required,
                    holds_type: held_type(declared),
                });
                optional = false;
            } else if !trimmed.starts_with('@') && !trimmed.is_empty() && !trimmed.starts_with("//") {
                optional = false;
            }
        });
        if !behaviour {
            fields.extend(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(text: &str) -> Vec<(String, String, bool)> {
        let mut found = Vec::new();
        fields(text, &Lines::new(text), &mut found);
        found.into_iter().map(|field| (field.type_name, field.field, field.required)).collect()
    }

    #[test]
    fn data_classes_declare_their_properties() {
        let dto = "import { IsOptional, IsString } from 'class-validator';\n\nexport class CreateProductDto {\n  @IsString()\n  sku: string;\n\n  @IsOptional()\n  @IsString()\n  description?: string;\n\n  @IsOptional() note: string;\n  priceCents!: number;\n}\n";
        assert_eq!(
            declared(dto),
            [
                ("CreateProductDto".to_string(), "sku".to_string(), true),
                ("CreateProductDto".to_string(), "description".to_string(), false),
                ("CreateProductDto".to_string(), "note".to_string(), false),
                ("CreateProductDto".to_string(), "priceCents".to_string(), true),
            ]
        );
        let service = "@Injectable()\nexport class ProductsService {\n  private cache: Map<string, Product>;\n\n  findOne(id: string) {\n    return this.cache.get(id);\n  }\n}\n";
        assert_eq!(declared(service), [], "a class of behaviour");
    }
}
