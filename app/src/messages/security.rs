//! What the verification methods (`security/`) answer.

/// `security/methods.rs`
pub mod methods {
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code your authenticator app shows.";
    pub const SET_UP_THE_AUTHENTICATOR: &str = "Set up the authenticator app again with a new code.";
    pub const THAT_CODE_IS_NOT_RIGHT: &str =
        "That code is not right, 10 times in a row. Set up the authenticator app again with a new code.";
    pub const THAT_CODE_IS_NOT_RIGHT_CHECK: &str =
        "That code is not right. Check that your phone's clock is correct and type the code your app shows now.";
    pub const QR_CODE_TO_ADD_CARS: &str = "QR code to add CARS e-Services to your authenticator app";
    pub const ENTER_ONE_OF_YOUR_BACKUP: &str = "Enter one of your backup codes.";
    pub const A_BACKUP_CODE_HAS_12: &str = "A backup code has 12 letters and numbers, like abcd-efgh-jkmn.";
    pub const THAT_CODE_IS_NOT_ONE: &str = "That code is not one of yours, 10 times in a row. Create new backup codes.";
    pub const THAT_IS_NOT_ONE_OF: &str = "That is not one of the backup codes we showed you. Check it and try again.";
}
