//! The External identity providers area: the pool's (and its tenants')
//! identity providers, their connections, and which applications and
//! tenants use each connection.

mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;
pub(super) mod view;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "External identity providers",
    own_field_rules: false,
    operations: &[
        ("listExtIdp", handlers::list_ext_idp),
        ("getExtIdp", handlers::get_ext_idp),
        ("createExtIdp", handlers::create_ext_idp),
        ("updateExtIdp", handlers::update_ext_idp),
        ("deleteExtIdp", handlers::delete_ext_idp),
        ("createExtIdpConn", handlers::create_ext_idp_conn),
        ("updateExtIdpConn", handlers::update_ext_idp_conn),
        ("deleteExtIdpConn", handlers::delete_ext_idp_conn),
        ("changeExtIdpConnState", handlers::change_ext_idp_conn_state),
        ("changeExtIdpConnAssociationState", handlers::change_ext_idp_conn_association_state),
        // Not emulated:
        // - extIdpConnStateByApps answers, for a provider, the pool's
        //   applications with each one's connection state, as a list of
        //   `ExtIdpDto`s (id, name, logo, type) that has no field for the
        //   state; the emulator keeps no applications to list, and what
        //   the items' fields would hold of an application is on record
        //   nowhere we looked (the spec, the reference spec, the official
        //   Node SDK and its tests). A connection's state for one
        //   application reads back through getExtIdp with its `appId`;
        // - getWechatMpAccessTokenInfo, which answers the access token
        //   WeChat issued for a WeChat official account or mini program:
        //   the service asks WeChat's servers for it with the app secret
        //   given, a host the emulator never reaches.
    ],
};
