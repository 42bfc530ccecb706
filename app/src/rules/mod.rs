//! Pure rules shared by the browser and the server: no I/O, no clock, no
//! crates beyond `std`, so they compile into the WASM bundle cheaply and the
//! live checks in the page are exactly the checks the server makes.

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
