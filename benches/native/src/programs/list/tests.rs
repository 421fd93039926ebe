use super::*;

#[test]
fn make_list_counts_down_to_one() {
    let list = make_list(3);
    let first = list.as_ref().map(|element| element.value);
    assert_eq!((first, length(&list)), (Some(3), 3));
}

#[test]
fn a_shorter_list_is_shorter_but_not_the_other_way() {
    assert_eq!(
        (
            is_shorter(&make_list(2), &make_list(3)),
            is_shorter(&make_list(3), &make_list(2))
        ),
        (true, false)
    );
}

#[test]
fn tail_of_15_10_6_is_the_list_ten_to_one() {
    assert_eq!(
        length_plus_first(&tail(&make_list(15), &make_list(10), &make_list(6))),
        10 + 10
    );
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED - 1)));
}
