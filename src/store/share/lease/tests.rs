use super::*;

#[test]
fn a_lease_reads_back_as_written() {
    let h = Holder {
        machine: "pc1#42".into(),
        host: "pc1".into(),
        user: "mei".into(),
        since: "2026-01-02T03:04:05+08:00".into(),
        token: "abc".into(),
        beat: 7,
        beat_at: 1_700_000_000,
    };
    let bytes = h.encode();
    assert_eq!(bytes.len(), LEASE_BYTES);
    assert_eq!(Holder::decode(&bytes), Some(h));
    assert_eq!(Holder::decode(b""), None);
    assert_eq!(Holder::decode(b"orderdesk lease 1\ntoken=abc\n"), None);
}

#[test]
fn local_disks_guarantee_and_fuse_has_no_locks() {
    let p = Path::new("/nonexistent/x.db");
    assert_eq!(
        locking(&FsKind::Local("ext4".into()), p),
        Locking::Guaranteed
    );
    assert_eq!(locking(&FsKind::Network("fuse".into()), p), Locking::Absent);
    assert_eq!(locking(&FsKind::Unknown, p), Locking::Absent);
}

#[cfg(unix)]
#[test]
fn processes_of_one_machine_share_the_lease_and_the_last_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let fs = FsKind::Network("fuse".into());
    let a = acquire(&db, &fs).unwrap().unwrap();
    let b = acquire(&db, &fs).unwrap().unwrap();
    assert_eq!(a.holder().token, b.holder().token);
    a.check().unwrap();
    drop(a);
    assert!(lease_path(&db).exists(), "b still uses it");
    drop(b);
    assert!(!lease_path(&db).exists());
}

#[cfg(unix)]
#[test]
fn another_machine_is_refused_while_the_lease_is_renewed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let other = Holder {
        machine: "elsewhere#1".into(),
        host: "elsewhere".into(),
        user: "li".into(),
        since: "2026-01-02T03:04:05+08:00".into(),
        token: "t1".into(),
        beat: 1,
        beat_at: chrono::Utc::now().timestamp(),
    };
    std::fs::write(lease_path(&db), other.encode()).unwrap();
    let err = acquire(&db, &FsKind::Network("fuse".into())).unwrap_err();
    assert!(matches!(err, ShareError::Held { ref holder, .. } if holder.host == "elsewhere"));
    let text = err.localized(Lang::En);
    assert!(text.contains("elsewhere") && text.contains("SSH"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_lease_taken_over_meanwhile_refuses_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let lease = acquire(&db, &FsKind::Network("fuse".into()))
        .unwrap()
        .unwrap();
    let other = Holder {
        machine: "elsewhere#1".into(),
        host: "elsewhere".into(),
        user: "li".into(),
        since: "2026-01-02T03:04:05+08:00".into(),
        token: "t2".into(),
        beat: 1,
        beat_at: chrono::Utc::now().timestamp(),
    };
    // As another computer does after this one stopped answering.
    let tmp = dir.path().join("new.lease");
    std::fs::write(&tmp, other.encode()).unwrap();
    std::fs::rename(&tmp, lease_path(&db)).unwrap();
    std::thread::sleep(BEAT * 2);
    assert!(matches!(lease.check(), Err(ShareError::Lost { .. })));
    drop(lease);
    assert_eq!(
        read_lease(&lease_path(&db)).unwrap(),
        Some(other),
        "left alone"
    );
}

#[cfg(unix)]
#[test]
fn an_empty_lease_left_by_a_crash_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    std::fs::write(lease_path(&db), b"").unwrap();
    let lease = acquire(&db, &FsKind::Network("fuse".into()))
        .unwrap()
        .unwrap();
    lease.check().unwrap();
    assert!(waiting(&Holder::default(), WATCH, Lang::En).contains("incomplete"));
}

#[cfg(unix)]
#[test]
fn a_stale_lease_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let other = Holder {
        machine: "elsewhere#1".into(),
        host: "elsewhere".into(),
        user: "li".into(),
        since: "2026-01-02T03:04:05+08:00".into(),
        token: "t1".into(),
        beat: 1,
        beat_at: chrono::Utc::now().timestamp() - 3600,
    };
    std::fs::write(lease_path(&db), other.encode()).unwrap();
    let lease = acquire(&db, &FsKind::Network("fuse".into()))
        .unwrap()
        .unwrap();
    assert_ne!(lease.holder().token, "t1");
    lease.check().unwrap();
}

#[test]
fn the_time_a_lease_was_taken_reads_to_the_minute_without_an_offset() {
    let h = Holder {
        since: "2026-12-02T14:31:05+08:00".into(),
        ..Holder::default()
    };
    let shown = h.since_shown();
    assert_eq!(shown.len(), "2026-12-02 14:31".len(), "{shown}");
    assert!(!shown.contains('T') && !shown.contains('+') && !shown.ends_with('Z'));
    let odd = Holder {
        since: "yesterday\u{1b}[2J".into(),
        ..Holder::default()
    };
    assert_eq!(odd.since_shown(), "yesterday\\u{1b}[2J");
}
