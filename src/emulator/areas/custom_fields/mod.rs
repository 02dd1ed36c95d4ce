//! The Custom fields & custom data area: field definitions per target type
//! and the values records carry.

mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

pub(super) use handlers::check_value_length;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Custom fields & custom data",
    own_field_rules: false,
    operations: &[
        ("setCustomFields", handlers::set_custom_fields),
        ("getCustomFields", handlers::get_custom_fields),
        ("deleteCustomFields", handlers::delete_custom_fields),
        ("setCustomData", handlers::set_custom_data),
        ("getCustomData", handlers::get_custom_data),
        ("getUserBaseFields", handlers::get_user_base_fields),
        ("setUserBaseFields", handlers::set_user_base_fields),
        ("listCustFields", handlers::list_cust_fields),
        ("listUserBaseFields", handlers::list_user_base_fields),
    ],
};
