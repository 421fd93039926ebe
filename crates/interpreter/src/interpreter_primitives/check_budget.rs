//! A budget of periodic checks for a run (tests and fuzzing): every check
//! (about [`CHECK_INTERVAL`](crate::interpreter::CHECK_INTERVAL) sends or
//! backward jumps) spends one; when none is left the run stops with
//! [`InterpreterError::CheckBudgetExhausted`], so that endless loops end.
use crate::error::InterpreterError;
use crate::interpreter::Interpreter;

impl Interpreter {
    /// Limits runs to `checks` periodic checks from now (None: no limit).
    pub fn set_check_budget(&mut self, checks: Option<u64>) {
        self.primitive_state.remaining_checks = checks;
    }

    /// Spends one check; true (with the run failed) when none was left.
    pub(crate) fn is_check_budget_exhausted(&mut self) -> bool {
        match self.primitive_state.remaining_checks {
            None => false,
            Some(0) => {
                self.fail_run(InterpreterError::CheckBudgetExhausted);
                true
            }
            Some(left) => {
                self.primitive_state.remaining_checks = Some(left - 1);
                false
            }
        }
    }
}
