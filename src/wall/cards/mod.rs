//! The sticky notes themselves: what a card shows, how it is drawn, and how
//! it moves.

pub mod anim;
pub mod draw;
