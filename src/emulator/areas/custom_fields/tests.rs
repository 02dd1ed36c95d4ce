//! Behaviour of the Custom fields & custom data area's handlers.

use crate::emulator::areas::testing::*;

#[test]
fn custom_fields_are_set_read_and_deleted_with_their_values() {
    let mut state = State::default();
    let fields = json!({ "list": [
        { "targetType": "USER", "dataType": "STRING", "key": "intro", "label": "自我介绍" },
        { "targetType": "USER", "dataType": "NUMBER", "key": "age", "label": "年龄" },
        { "targetType": "GROUP", "dataType": "ENUM", "key": "tier", "label": "Tier",
          "options": [{ "label": "Gold", "value": "gold" }] },
    ] });
    let set = ok(&mut state, "setCustomFields", fields);
    assert_eq!(set.as_array().unwrap().len(), 3);
    let users = ok(&mut state, "getCustomFields", json!({ "targetType": "USER" }));
    assert_eq!(users.as_array().unwrap().len(), 2);
    // Setting again changes what is given and keeps the rest.
    ok(&mut state, "setCustomFields", json!({ "list": [{ "targetType": "USER", "key": "age", "label": "Age" }] }));
    let users = ok(&mut state, "getCustomFields", json!({ "targetType": "USER" }));
    assert_eq!((users[1]["label"].clone(), users[1]["dataType"].clone()), (json!("Age"), json!("NUMBER")));
    let untyped = json!({ "list": [{ "targetType": "USER", "key": "new" }] });
    assert_eq!(zh(&refused(&mut state, "setCustomFields", untyped)), "参数 list 格式错误");

    let ann = user(&mut state, json!({ "username": "ann" }));
    let data = json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t",
        "list": [{ "key": "age", "value": "30" }, { "key": "intro", "value": "hi" }] });
    ok(&mut state, "setCustomData", data);
    let read =
        ok(&mut state, "getCustomData", json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t" }));
    assert_eq!(read, json!({ "age": 30, "intro": "hi" }));
    let shown = ok(&mut state, "getUser", json!({ "userId": ann, "withCustomData": true }));
    assert_eq!(shown["customData"]["age"], 30, "the user record carries what setCustomData wrote");
    let not_a_number =
        json!({ "targetType": "USER", "targetIdentifier": ann, "list": [{ "key": "age", "value": "old" }] });
    assert_eq!(zh(&refused(&mut state, "setCustomData", not_a_number)), "参数 list 格式错误");
    let intro = |text: String| json!({ "targetType": "USER", "targetIdentifier": ann, "list": [{ "key": "intro", "value": text }] });
    let too_long = refused(&mut state, "setCustomData", intro("x".repeat(1024)));
    assert_eq!(zh(&too_long), "customData must be less than 1024 characters", "as createUser and updateUser bound it");
    ok(&mut state, "setCustomData", intro("x".repeat(1023)));
    ok(&mut state, "setCustomData", intro("hi".to_owned()));

    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "" }));
    let tier =
        json!({ "targetType": "GROUP", "targetIdentifier": "staff", "list": [{ "key": "tier", "value": "gold" }] });
    ok(&mut state, "setCustomData", tier);
    let group =
        ok(&mut state, "getCustomData", json!({ "targetType": "GROUP", "targetIdentifier": "staff", "tenantId": "t" }));
    assert_eq!(group, json!({ "tier": "gold" }));
    let nobody = json!({ "targetType": "GROUP", "targetIdentifier": "nope", "tenantId": "t" });
    assert_eq!(refused(&mut state, "getCustomData", nobody).refusal(), &errors::GROUP_NOT_FOUND);

    let delete = json!({ "tenantId": "t", "list": [{ "targetType": "USER", "key": "age" }] });
    ok(&mut state, "deleteCustomFields", delete);
    assert_eq!(ok(&mut state, "getCustomFields", json!({ "targetType": "USER" })).as_array().unwrap().len(), 1);
    let read =
        ok(&mut state, "getCustomData", json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t" }));
    assert_eq!(read, json!({ "intro": "hi" }), "a deleted field's values go with it");
}

#[test]
fn user_base_fields_are_every_pools_and_only_their_display_changes() {
    let mut state = State::default();
    let fields = ok(&mut state, "getUserBaseFields", json!({}));
    let username = fields.as_array().unwrap().iter().find(|f| f["key"] == "username").unwrap().clone();
    assert_eq!((username["isUnique"].clone(), username["dataType"].clone()), (json!(true), json!("STRING")));
    let set = json!({ "list": [{ "key": "nickname", "label": "Alias", "visibleInUserCenter": false }] });
    assert_eq!(ok(&mut state, "setUserBaseFields", set)[0]["label"], "Alias");
    let fields = ok(&mut state, "getUserBaseFields", json!({}));
    let nickname = fields.as_array().unwrap().iter().find(|f| f["key"] == "nickname").unwrap().clone();
    assert_eq!((nickname["label"].clone(), nickname["visibleInUserCenter"].clone()), (json!("Alias"), json!(false)));
    let unknown = json!({ "list": [{ "key": "nickname", "label": "x" }, { "key": "shoeSize" }] });
    assert_eq!(zh(&refused(&mut state, "setUserBaseFields", unknown)), "参数 list 格式错误");
    assert_eq!(state.user_base_fields[0].label, "Alias", "a refused request changes nothing");
}
