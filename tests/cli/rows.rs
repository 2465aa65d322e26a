//! Every importer's row check on a few thousand made-up rows: the fuzz
//! targets' rows (`rows/harness.rs`, shared with `fuzz/fuzz_targets/row_*.rs`)
//! from a seeded generator, so that CI runs what the fuzzers run, on
//! the same rows every time (docs/reliability.md).

mod harness;
mod markers;

use harness::{Importer, Tally, World};
use rand::{Rng, SeedableRng};

/// Runs `importer`'s row check on generated rows until `rows` verdicts
/// were checked; every verdict is judged as it comes (harness::judge).
fn exercise(importer: Importer, rows: usize) -> Tally {
    let mut world = World::new();
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5EED ^ importer as u64);
    let mut total = Tally::default();
    // Enough for a workbook of a few hundred rows a sheet.
    let mut data = vec![0; 65536];
    while total.rows < rows {
        rng.fill_bytes(&mut data);
        let t = world.check(importer, &data);
        total.rows += t.rows;
        total.passed += t.passed;
        total.refused += t.refused;
    }
    // Rows that pass and rows that are refused: the generator reaches past
    // the first checks, and the damage it does is seen.
    assert!(
        total.passed > 0 && total.refused > 0,
        "{importer:?}: {total:?}"
    );
    total
}

macro_rules! row_checks {
    ($($test:ident: $importer:ident, $rows:expr;)*) => {$(
        #[test]
        fn $test() {
            exercise(Importer::$importer, $rows);
        }
    )*};
}

row_checks! {
    account_rows_are_imported_or_refused_with_reasons: Account, 3000;
    training_rows_are_imported_or_refused_with_reasons: Training, 3000;
    completion_rows_are_imported_or_refused_with_reasons: Completion, 3000;
    profile_people_are_imported_or_refused_with_reasons: Profile, 1500;
    credit_rows_are_imported_or_refused_with_reasons: Credit, 3000;
    credit_standard_rows_are_imported_or_refused_with_reasons: CreditStandard, 3000;
    teacher_rows_are_imported_or_refused_with_reasons: Teacher, 3000;
    teacher_event_rows_are_imported_or_refused_with_reasons: TeacherEvent, 3000;
    rotation_rows_are_imported_or_refused_with_reasons: Rotation, 3000;
    rotation_assign_rows_are_imported_or_refused_with_reasons: RotationAssign, 3000;
    archive_people_are_imported_or_refused_with_reasons: Archive, 1500;
    recruit_plan_rows_are_imported_or_refused_with_reasons: RecruitPlan, 3000;
    application_rows_are_imported_or_refused_with_reasons: Application, 3000;
}
