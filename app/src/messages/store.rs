//! What the store's own limits answer (`store/one_time_codes.rs`), for the
//! flows to pass on: the store counts and decides; these are its words.

/// `store/one_time_codes.rs`
pub mod one_time_codes {
    pub fn too_soon(wait: &str) -> String {
        format!("A code was sent less than a minute ago. You can ask for a new one in {wait}.")
    }

    pub fn hourly_limit(sends_per_hour: i64, wait: &str) -> String {
        format!("You have asked for {sends_per_hour} codes in the last hour, the most we send. You can ask again in {wait}.")
    }

    pub fn network_limit(wait: &str) -> String {
        format!("Too many codes were asked for from your network in the last hour. You can ask again in {wait}.")
    }

    pub fn recipient_limit(wait: &str) -> String {
        format!("We have sent as many codes to this address or number in the last hour as we send. You can ask again in {wait}.")
    }

    pub fn locked(wrong_before_lock: i64, locked_for: &str, wait: &str) -> String {
        format!("After {wrong_before_lock} wrong codes this method is locked for {locked_for}. You can try again in {wait}.")
    }

    pub fn wrong_code(tries_left: &str, locked_for: &str) -> String {
        format!(
            "That code is not right. Check the newest message from us and try again ({tries_left} left before this method is locked for {locked_for})."
        )
    }

    pub fn expired(codes_last: &str) -> String {
        format!("That code has expired (codes last {codes_last}). Select Send a new code.")
    }
}
