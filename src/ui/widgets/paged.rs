//! One paged list for every list screen: the rows of one page read by keyset (the
//! cursor `C` where the page starts; `C::default()` is the first page), the selection,
//! the way to the next and the earlier pages, and what happens when a change elsewhere
//! empties the page shown.

/// A page of rows of type `R` and where it and the earlier pages start.
#[derive(Debug, Clone)]
pub struct PagedList<R, C> {
    pub rows: Vec<R>,
    pub selected: usize,
    /// Where this page starts.
    pub start: C,
    /// Where the earlier pages start, the one just before last (for PgUp).
    pub starts: Vec<C>,
}

impl<R, C: Default> Default for PagedList<R, C> {
    fn default() -> Self {
        PagedList {
            rows: Vec::new(),
            selected: 0,
            start: C::default(),
            starts: Vec::new(),
        }
    }
}

impl<R, C: Clone + Default> PagedList<R, C> {
    pub fn selected_row(&self) -> Option<&R> {
        self.rows.get(self.selected)
    }

    /// The page's number, from 1.
    pub fn page_no(&self) -> usize {
        self.starts.len() + 1
    }

    /// Whether an earlier page exists.
    pub fn has_earlier(&self) -> bool {
        !self.starts.is_empty()
    }

    /// Back to the first page, selection on top (the rows are read by the caller).
    pub fn to_first(&mut self) {
        self.start = C::default();
        self.starts.clear();
        self.selected = 0;
    }

    /// One row up; false at the top of the page.
    pub fn up(&mut self) -> bool {
        if self.selected == 0 {
            return false;
        }
        self.selected -= 1;
        true
    }

    /// One row down; false at the bottom of the page.
    pub fn down(&mut self) -> bool {
        if self.selected + 1 >= self.rows.len() {
            return false;
        }
        self.selected += 1;
        true
    }

    /// Puts the rows read for this page in place. The selection stays on the row it
    /// was on (`id` names rows) while that row is on the page, else at its place.
    /// Returns true when the selected row is gone from the page.
    pub fn show(&mut self, rows: Vec<R>, id: impl Fn(&R) -> i64) -> bool {
        let keep = self.selected_row().map(&id);
        self.rows = rows;
        let found = keep.and_then(|k| self.rows.iter().position(|r| id(r) == k));
        self.selected = found
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
        keep.is_some() && found.is_none()
    }

    /// Reads this page again. A page that a change elsewhere emptied gives way to the
    /// one before it. Returns true when the selected row is gone.
    pub fn reload<E>(
        &mut self,
        mut read: impl FnMut(&C) -> Result<Vec<R>, E>,
        id: impl Fn(&R) -> i64,
    ) -> Result<bool, E> {
        loop {
            let rows = read(&self.start)?;
            if rows.is_empty() {
                if let Some(prev) = self.starts.pop() {
                    self.start = prev;
                    continue;
                }
            }
            return Ok(self.show(rows, id));
        }
    }

    /// The next page, when this one is full (`page_len` rows) and the next has rows;
    /// the selection goes to its top. Returns whether the page turned.
    pub fn next_page<E>(
        &mut self,
        page_len: i64,
        next: impl FnOnce(&[R]) -> Option<C>,
        read: impl FnOnce(&C) -> Result<Vec<R>, E>,
    ) -> Result<bool, E> {
        if (self.rows.len() as i64) < page_len {
            return Ok(false);
        }
        let Some(next) = next(&self.rows) else {
            return Ok(false);
        };
        let rows = read(&next)?;
        if rows.is_empty() {
            return Ok(false);
        }
        self.starts.push(std::mem::replace(&mut self.start, next));
        self.rows = rows;
        self.selected = 0;
        Ok(true)
    }

    /// The page before, selection on top; false on the first page.
    pub fn prev_page<E>(&mut self, read: impl FnOnce(&C) -> Result<Vec<R>, E>) -> Result<bool, E> {
        let Some(prev) = self.starts.last().cloned() else {
            return Ok(false);
        };
        let rows = read(&prev)?;
        self.starts.pop();
        self.start = prev;
        self.rows = rows;
        self.selected = 0;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows 1..=n, read `len` at a time after the cursor.
    fn reader(n: i64, len: i64) -> impl Fn(&i64) -> Result<Vec<i64>, ()> {
        move |after: &i64| Ok((after + 1..=n).take(len as usize).collect())
    }

    #[test]
    fn pages_turn_forward_only_when_full_and_back_to_where_they_started() {
        let mut l: PagedList<i64, i64> = PagedList::default();
        l.reload(reader(7, 3), |r| *r).unwrap();
        assert_eq!(l.rows, [1, 2, 3]);
        let next = |rows: &[i64]| rows.last().copied();
        assert!(l.next_page(3, next, reader(7, 3)).unwrap());
        assert!(l.next_page(3, next, reader(7, 3)).unwrap());
        assert_eq!((l.rows.clone(), l.page_no()), (vec![7], 3));
        assert!(!l.next_page(3, next, reader(7, 3)).unwrap(), "not full");
        assert!(l.prev_page(reader(7, 3)).unwrap());
        assert_eq!(l.rows, [4, 5, 6]);
        // A full last page: the empty next page is not shown.
        let mut l: PagedList<i64, i64> = PagedList::default();
        l.reload(reader(3, 3), |r| *r).unwrap();
        l.selected = 2;
        assert!(!l.next_page(3, next, reader(3, 3)).unwrap());
        assert_eq!((l.rows.clone(), l.selected), (vec![1, 2, 3], 2));
    }

    #[test]
    fn the_selection_follows_its_row_and_an_emptied_page_gives_way() {
        let mut l: PagedList<i64, i64> = PagedList::default();
        l.reload(reader(9, 3), |r| *r).unwrap();
        l.next_page(3, |r| r.last().copied(), reader(9, 3)).unwrap();
        l.selected = 1; // row 5
        let gone = l.reload(|_| Ok::<_, ()>(vec![4, 5]), |r| *r).unwrap();
        assert!(!gone);
        assert_eq!(l.selected_row(), Some(&5));
        assert!(
            l.reload(|_| Ok::<_, ()>(vec![4, 6]), |r| *r).unwrap(),
            "5 is gone"
        );
        // Everything after row 3 went elsewhere: back to the first page.
        l.reload(|after: &i64| reader(3, 3)(after), |r| *r).unwrap();
        assert_eq!((l.rows.clone(), l.page_no()), (vec![1, 2, 3], 1));
    }
}
