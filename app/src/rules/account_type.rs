//! The two kinds of CARS business account a login can be for.

use crate::messages::rules::account_type as words;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountType {
    #[default]
    Mechanic,
    MechanicSchool,
}

impl AccountType {
    /// Reads the `type` query parameter carried from Mechanic Login /
    /// Mechanic School Login; anything unknown means a mechanic.
    pub fn from_query(value: Option<&str>) -> Self {
        match value {
            Some("school") => Self::MechanicSchool,
            _ => Self::Mechanic,
        }
    }

    pub fn as_query(self) -> &'static str {
        match self {
            Self::Mechanic => "mechanic",
            Self::MechanicSchool => "school",
        }
    }

    /// As the guide names it: "Mechanic" or "Mechanic School".
    pub fn label(self) -> &'static str {
        match self {
            Self::Mechanic => words::MECHANIC,
            Self::MechanicSchool => words::MECHANIC_SCHOOL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trips_and_unknown_means_mechanic() {
        for t in [AccountType::Mechanic, AccountType::MechanicSchool] {
            assert_eq!(AccountType::from_query(Some(t.as_query())), t);
        }
        assert_eq!(AccountType::from_query(None), AccountType::Mechanic);
        assert_eq!(AccountType::from_query(Some("SCHOOL<script>")), AccountType::Mechanic);
        assert_eq!(AccountType::MechanicSchool.label(), "Mechanic School");
    }
}
