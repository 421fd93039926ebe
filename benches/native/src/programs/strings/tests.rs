use super::*;

#[test]
fn numbers_text_ends_with_one_thousand_and_a_space() {
    assert!(numbers_text().ends_with(" 999 1000 "));
}

#[test]
fn concatenated_digits_sum_to_twenty_times_45() {
    let digits = concatenated_digits();
    let sum: u32 = digits.chars().filter_map(|c| c.to_digit(10)).sum();
    assert_eq!((digits.len(), sum), (200, 900));
}

#[test]
fn formatted_lines_add_up_prefix_number_separator_and_square_lengths() {
    assert_eq!(formatted_lines(), {
        let lengths = (1..=100i64)
            .map(|i| 5 + i.to_string().len() as i64 + 2 + (i * i).to_string().len() as i64);
        lengths.sum::<i64>()
    });
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED + 1)));
}
