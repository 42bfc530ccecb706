//! Pure rules shared by the browser and the server: no I/O, no clock, no
//! crates beyond `std`, so they compile into the WASM bundle cheaply and the
//! live checks in the page are exactly the checks the server makes.

/// A checked piece of text (`UserId`, `AccountNumber`): the struct around
/// its text in the form it is stored and compared in, read access, equality
/// with plain text (for tests and files), `Display`, and for the store the
/// constructor it reads rows with. Each type's module writes its own
/// `parse`, the one way a typed string becomes the type, and a
/// `TryFrom<String>` over it: a value read back from JSON (a draft, a
/// page's data) is parsed again, so not even serde makes an unchecked one.
macro_rules! checked_text {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(into = "String", try_from = "String")]
        pub struct $name(String);

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl $name {
            /// A value read back from the store, which only ever holds parsed ones.
            #[cfg(feature = "ssr")]
            pub(crate) fn from_stored(stored: String) -> Self {
                $name(stored)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub mod account_type;
pub mod business;
pub mod email;
pub mod limits;
pub mod method;
pub mod names;
pub mod password;
pub mod phone;
pub mod profile;
pub mod user_id;

#[cfg(test)]
mod properties;
