//! Output formats. The engine knows nothing about terminals or JSON; these
//! printers turn its results into a table or a documented JSON shape.

pub mod export;
pub mod json;
pub mod safe;
pub mod table;

/// How text output should look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Terminal-width wrapping.
    pub terminal: bool,
    /// Bold highlights and coloured bars (`--color`, `NO_COLOR`).
    pub color: bool,
    /// Table width when not on a terminal.
    pub width: u16,
}
