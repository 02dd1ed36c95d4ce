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
        //   applications with each one's connection state, but as a list
        //   of `ExtIdpDto`s, whose every field is the provider's (its id,
        //   name, logo, type and tenant, as the reference spec, the
        //   official Node SDK's model and the vendor's generated page for
        //   the operation, sample included, in GenAuth-Official/genauth-docs
        //   describe them). An item can hold neither an
        //   application nor a state, so any answer would be invented:
        //   one item per application would repeat the provider, filling an
        //   item with an application's fields would break what the fields
        //   mean. Each connection's state for an application reads back
        //   through getExtIdp with its `appId`, and listExtIdp with an
        //   `appId` lists the providers switched on for it;
        // - getWechatMpAccessTokenInfo, which answers the access token
        //   WeChat issued for a WeChat official account or mini program:
        //   the service asks WeChat's servers for it with the app secret
        //   given, a host the emulator never reaches.
    ],
};
