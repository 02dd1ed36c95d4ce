//! Behaviour of the Events area's handlers: event apps and event types,
//! written, read back and published.

use crate::emulator::areas::testing::*;

#[test]
fn event_apps_are_created_listed_and_unique() {
    let mut state = State::default();
    assert_eq!(ok(&mut state, "listEventApps", json!({}))["totalCount"], 0);
    done(&mut state, "createEventApp", json!({ "identifier": "shop", "name": "Shop", "logo": "https://l/shop.png" }));
    let apps = ok(&mut state, "listEventApps", json!({}));
    assert_eq!(apps["list"], json!([{ "identifier": "shop", "name": "Shop", "logo": "https://l/shop.png" }]));
    let taken = refused(&mut state, "createEventApp", json!({ "identifier": "shop", "name": "Other", "logo": "" }));
    assert_eq!((codes(&taken), zh(&taken)), ((400, Some(ApiCode::AccessExists)), "事件应用 shop 已存在".to_owned()));
    let empty = refused(&mut state, "createEventApp", json!({ "identifier": "", "name": "x", "logo": "" }));
    assert_eq!(codes(&empty), (400, Some(ApiCode::InvalidParameter)));
    assert_eq!(ok(&mut state, "listEventApps", json!({}))["totalCount"], 1, "refusals add nothing");
}

#[test]
fn defined_events_are_listed_by_app_and_publishable_from_either_end() {
    let mut state = State::default();
    done(&mut state, "defineEvent", json!({ "eventType": "shop.order.paid", "eventDescription": "An order was paid" }));
    done(&mut state, "defineEvent", json!({ "eventType": "crm.lead.won", "eventDescription": "A lead was won" }));
    let all = ok(&mut state, "listEvents", json!({}));
    let codes_listed: Vec<&str> = all["list"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes_listed, ["shop.order.paid", "crm.lead.won"]);
    let shop = ok(&mut state, "listEvents", json!({ "app": "shop" }));
    assert_eq!(shop["totalCount"], 1);
    assert_eq!(
        (shop["list"][0]["topic"].as_str(), shop["list"][0]["desc"].as_str()),
        (Some("shop.order.paid"), Some("An order was paid"))
    );
    assert_eq!(ok(&mut state, "listEvents", json!({ "app": "sho" }))["totalCount"], 0, "an app is a whole segment");
    assert_eq!(ok(&mut state, "listEvents", json!({ "limit": 1, "page": 2 }))["list"][0]["code"], "crm.lead.won");
    let again = refused(&mut state, "defineEvent", json!({ "eventType": "crm.lead.won", "eventDescription": "" }));
    assert_eq!(codes(&again), (400, Some(ApiCode::AccessExists)));

    let published = ok(&mut state, "pubUserEvent", json!({ "eventType": "shop.order.paid", "eventData": { "id": 7 } }));
    assert_eq!(published["success"], true);
    assert_eq!(state.outbox, [("shop.order.paid".to_owned(), r#"{"id":7}"#.to_owned())]);
}
