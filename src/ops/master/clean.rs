//! Cleaning typed master data: text, required text and codes, each refused naming its
//! field.

use crate::domain::field::FieldId;
use crate::domain::text::{clean_code, clean_text};
use crate::ops::{Error, FieldProblem, Refusal, Result};

pub(super) fn text(input: &str, max: usize, field: FieldId) -> Result<String> {
    clean_text(input, max).map_err(|e| Error::field(field, FieldProblem::Text(e)))
}

pub(super) fn required(input: &str, max: usize, field: FieldId) -> Result<String> {
    let t = text(input, max, field)?;
    if t.is_empty() {
        // The message is shown after the field's name: "客户名称：不能为空".
        return Err(Error::field_refused(field, Refusal::Empty));
    }
    Ok(t)
}

pub(super) fn code(input: &str, max: usize, field: FieldId) -> Result<String> {
    let c = clean_code(input, max).map_err(|e| Error::field(field, FieldProblem::Text(e)))?;
    if c.is_empty() {
        return Err(Error::field_refused(field, Refusal::Empty));
    }
    Ok(c)
}

pub(super) fn optional(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}
