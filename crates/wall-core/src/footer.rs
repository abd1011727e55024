//! Where the parts of the wall's bottom row go, so they never overlap, at
//! any screen size and in either language: the scene indicator keeps the
//! right; notices (a refused config edit, the freshness badge when the
//! header has no room for it) go from the left; the page indicator is
//! centred in the room between. A part that does not fit takes its short
//! form ("⚠ wall.ron:1:118", "2 / 5"), and if even that does not fit it
//! is left out rather than drawn across another.

/// One part of the row: its width written out, and in short.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    pub full: f32,
    pub short: f32,
}

impl Part {
    /// A part with no short form.
    pub fn fixed(width: f32) -> Part {
        Part { full: width, short: width }
    }
}

/// How a part is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown {
    /// Written out, its left edge at `x`.
    Full(f32),
    /// In short, its left edge at `x`.
    Short(f32),
    /// No room.
    Hidden,
}

impl Shown {
    pub fn x(self) -> Option<f32> {
        match self {
            Shown::Full(x) | Shown::Short(x) => Some(x),
            Shown::Hidden => None,
        }
    }
}

/// Where each part goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub notices: Vec<Shown>,
    pub page: Shown,
    /// The scene indicator's left edge.
    pub scenes: f32,
}

/// Plans the row of `screen_w` pixels with `margin` at both ends and at
/// least `gap` between parts. Empty parts (width 0) take no room. Notices
/// are written out unless that leaves no room for the page indicator.
pub fn plan(screen_w: f32, margin: f32, gap: f32, notices: &[Part], page: Part, scenes: f32) -> Plan {
    let full = plan_with(screen_w, margin, gap, notices, page, scenes);
    if full.page != Shown::Hidden || page.full <= 0.0 {
        return full;
    }
    let short: Vec<Part> = notices.iter().map(|part| Part { full: part.short, short: part.short }).collect();
    let mut shorter = plan_with(screen_w, margin, gap, &short, page, scenes);
    if shorter.page == Shown::Hidden {
        return full;
    }
    // Written with the short widths, so they are short forms.
    for shown in &mut shorter.notices {
        if let Shown::Full(x) = *shown {
            *shown = Shown::Short(x);
        }
    }
    shorter
}

fn plan_with(screen_w: f32, margin: f32, gap: f32, notices: &[Part], page: Part, scenes: f32) -> Plan {
    let scenes_x = (screen_w - margin - scenes).max(margin);
    let limit = if scenes > 0.0 { scenes_x - gap } else { screen_w - margin };
    let mut x = margin;
    let shown = notices
        .iter()
        .map(|part| {
            if part.full <= 0.0 {
                return Shown::Hidden;
            }
            let place = |width: f32, x: &mut f32| {
                let left = *x;
                *x += width + gap;
                left
            };
            if x + part.full <= limit {
                Shown::Full(place(part.full, &mut x))
            } else if x + part.short <= limit {
                Shown::Short(place(part.short, &mut x))
            } else {
                Shown::Hidden
            }
        })
        .collect();
    // The page indicator centres in the free room, but never nearer the
    // left edge than a fifth of the screen when it has the room (it sits
    // under the notes, not in the corner).
    let (free_left, free_right) = (x, limit);
    let room = free_right - free_left;
    let centred = |width: f32| {
        let middle = ((free_left + free_right) / 2.0).max(screen_w * 0.2 + width / 2.0);
        // min then max, not clamp: rounding can put the upper bound a hair
        // below the lower one.
        (middle - width / 2.0).min(free_right - width).max(free_left)
    };
    let page = if page.full <= 0.0 {
        Shown::Hidden
    } else if page.full <= room {
        Shown::Full(centred(page.full))
    } else if page.short <= room {
        Shown::Short(centred(page.short))
    } else {
        Shown::Hidden
    };
    Plan { notices: shown, page, scenes: scenes_x }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The extent of a shown part, for overlap checks.
    fn span(shown: Shown, part: Part) -> Option<(f32, f32)> {
        match shown {
            Shown::Full(x) => Some((x, x + part.full)),
            Shown::Short(x) => Some((x, x + part.short)),
            Shown::Hidden => None,
        }
    }

    #[test]
    fn parts_never_overlap_and_shorten_before_they_go() {
        // At 1280×720 the Dutch config notice ran across "pagina 2 van 2".
        let warning = Part { full: 690.0, short: 240.0 };
        let page = Part { full: 220.0, short: 60.0 };
        for screen in [1280.0, 1920.0, 1080.0, 3840.0, 800.0] {
            for notices in [vec![], vec![warning], vec![warning, Part { full: 300.0, short: 300.0 }]] {
                let scenes = 520.0;
                let plan = plan(screen, 24.0, 20.0, &notices, page, scenes);
                let mut spans: Vec<(f32, f32)> =
                    plan.notices.iter().zip(&notices).filter_map(|(shown, part)| span(*shown, *part)).collect();
                spans.extend(span(plan.page, page));
                spans.push((plan.scenes, plan.scenes + scenes));
                spans.sort_by(|a, b| a.0.total_cmp(&b.0));
                for pair in spans.windows(2) {
                    assert!(pair[0].1 <= pair[1].0, "{screen}: {pair:?} overlap in {plan:?}");
                }
                for (left, right) in &spans {
                    assert!(
                        *left >= 0.0 && *right <= screen.max(plan.scenes + scenes),
                        "{screen}: off screen {plan:?}"
                    );
                }
            }
        }
        let wide = plan(1920.0, 24.0, 20.0, &[warning], page, 520.0);
        assert!(matches!(wide.notices[0], Shown::Full(_)) && matches!(wide.page, Shown::Full(_)), "{wide:?}");
        let narrow = plan(1280.0, 24.0, 20.0, &[warning], page, 520.0);
        assert!(matches!(narrow.notices[0], Shown::Short(_)), "{narrow:?}");
        assert!(narrow.page != Shown::Hidden, "{narrow:?}");
        let lonely = plan(1920.0, 24.0, 20.0, &[], page, 520.0);
        assert!(lonely.page.x().is_some_and(|x| x >= 1920.0 * 0.2), "{lonely:?}");
    }
}
